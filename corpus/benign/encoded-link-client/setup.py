from setuptools import setup

setup(name="linkcheck", version="0.4.0", packages=["linkcheck"])
