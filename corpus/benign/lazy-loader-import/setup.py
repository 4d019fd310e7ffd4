from setuptools import setup

setup(name="geokit", version="0.7.0", packages=["geokit"])
