from setuptools import setup

setup(name="tinytemplate", version="0.3.0", packages=["tinytemplate"])
