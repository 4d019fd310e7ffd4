from setuptools import setup

setup(name="appdirs-lite", version="1.2.0", packages=["appdirs_lite"])
