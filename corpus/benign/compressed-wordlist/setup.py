from setuptools import setup

setup(name="stopwordz", version="0.1.2", packages=["stopwordz"])
