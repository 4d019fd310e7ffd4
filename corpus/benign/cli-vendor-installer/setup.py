from setuptools import setup

setup(name="cloudctl", version="4.8.1", packages=["cloudctl"])
