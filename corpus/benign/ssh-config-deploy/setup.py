from setuptools import setup

setup(name="shipit", version="2.2.0", packages=["shipit"], install_requires=["paramiko>=3"])
