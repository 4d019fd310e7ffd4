from setuptools import find_packages, setup

setup(name='soundfx-kit', version='0.1.0', packages=find_packages())
