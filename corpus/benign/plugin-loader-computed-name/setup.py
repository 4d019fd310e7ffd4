from setuptools import setup

setup(name="plugload", version="3.1.0", packages=["plugload", "plugload.plugins"])
