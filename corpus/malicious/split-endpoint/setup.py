from setuptools import setup

setup(name="request-helper", version="2.2.2", packages=["request_helper"])
