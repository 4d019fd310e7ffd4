from setuptools import setup

setup(name="colorlogx", version="0.4.1", packages=["colorlogx"])
