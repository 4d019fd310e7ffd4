from setuptools import setup

setup(name="cronkeeper", version="2.3.0", packages=["cronkeeper"])
