from setuptools import setup

setup(name="billing-client", version="0.0.9", packages=["billing_client"])
