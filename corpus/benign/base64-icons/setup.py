from setuptools import setup

setup(name="tkbadges", version="0.2.0", packages=["tkbadges"])
