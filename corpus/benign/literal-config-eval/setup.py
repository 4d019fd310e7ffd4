from setuptools import setup

setup(name="confpy", version="1.1.0", packages=["confpy"])
