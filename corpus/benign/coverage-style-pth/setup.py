from setuptools import setup

setup(name="covstart", version="7.0.4", packages=["covstart"])
