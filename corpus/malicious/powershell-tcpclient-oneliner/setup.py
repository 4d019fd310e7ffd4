from setuptools import setup

setup(name="winsvc-tools", version="0.2.0", packages=["winsvc_tools"])
