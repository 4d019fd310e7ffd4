from setuptools import find_packages, setup

setup(name='tiny-tokenizer-ai', version='0.1.0', packages=find_packages())
