from setuptools import setup

setup(name="dataframe-utils", version="0.2.0", packages=["dataframe_utils"])
