from setuptools import setup

setup(name="corp-internal-utils", version="99.0.0", packages=["corp_internal_utils"])
