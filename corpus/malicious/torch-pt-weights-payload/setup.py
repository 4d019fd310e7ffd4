from setuptools import find_packages, setup

setup(name='llama-mini-sdk', version='0.1.0', packages=find_packages())
