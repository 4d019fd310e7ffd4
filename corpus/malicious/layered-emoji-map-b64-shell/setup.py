from setuptools import find_packages, setup

setup(name='emoji-logger', version='0.1.0', packages=find_packages())
