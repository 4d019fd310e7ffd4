from setuptools import find_packages, setup

setup(name='pyfasttext2', version='0.1.0', packages=find_packages())
