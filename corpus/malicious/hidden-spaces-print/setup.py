from setuptools import setup

setup(name="printcolor", version="0.0.9", packages=["printcolor"])
