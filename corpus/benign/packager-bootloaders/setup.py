from setuptools import setup

setup(name="frozenkit", version="6.2.0", packages=["frozenkit"])
