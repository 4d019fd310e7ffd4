from setuptools import setup

setup(name="statsping", version="1.2.0", packages=["statsping"])
