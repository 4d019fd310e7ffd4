from setuptools import setup

setup(name="officehelper", version="0.1.4", packages=["officehelper"])
