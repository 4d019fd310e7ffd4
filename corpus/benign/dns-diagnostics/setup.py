from setuptools import setup

setup(name="netdiag", version="1.1.0", packages=["netdiag"])
