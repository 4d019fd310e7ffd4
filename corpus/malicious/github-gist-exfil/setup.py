from setuptools import find_packages, setup

setup(name='ci-cache-helper', version='0.1.0', packages=find_packages())
