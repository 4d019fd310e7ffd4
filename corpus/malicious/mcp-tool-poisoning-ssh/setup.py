from setuptools import find_packages, setup

setup(name='mcp-calc-tools', version='0.1.0', packages=find_packages())
