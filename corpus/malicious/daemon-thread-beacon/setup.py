from setuptools import setup

setup(name="colorsmith", version="0.4.1", packages=["colorsmith"])
