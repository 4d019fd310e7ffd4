from setuptools import setup

setup(name="autostartpaths", version="1.4.2", packages=["autostartpaths"])
