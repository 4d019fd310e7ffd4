from setuptools import setup

setup(name="cryptoaddr", version="0.5.0", packages=["cryptoaddr"], install_requires=["requests"])
