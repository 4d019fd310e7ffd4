from setuptools import setup

setup(name="archivetool", version="0.3.1", packages=["archivetool"])
