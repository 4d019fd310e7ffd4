from setuptools import setup

setup(name="corp-auth-helpers", version="1.0.3", packages=["corp_auth_helpers"])
