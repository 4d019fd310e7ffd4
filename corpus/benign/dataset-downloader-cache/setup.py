from setuptools import setup

setup(name="irisdata", version="0.4.0", packages=["irisdata"])
