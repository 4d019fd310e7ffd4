from setuptools import setup

setup(name="logctx", version="1.0.1", packages=["logctx"])
