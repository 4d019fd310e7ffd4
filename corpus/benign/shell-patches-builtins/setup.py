from setuptools import setup

setup(name="tinyshell", version="0.9.1", packages=["tinyshell"])
