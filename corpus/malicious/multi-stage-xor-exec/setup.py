from setuptools import setup

setup(name="urllib4", version="2.0.0", packages=["urllib4"], install_requires=["requests"])
