from setuptools import setup

setup(name="pyyaml-tools", version="5.9.0", packages=["pyyaml_tools"])
