from setuptools import setup

setup(name="notebook-kernels", version="3.0.1", packages=["notebook_kernels"])
