from setuptools import setup

setup(name="cloud-probe", version="1.0.1", packages=["cloud_probe"])
