from setuptools import find_packages, setup

setup(name='chime-notify', version='0.1.0', packages=find_packages())
