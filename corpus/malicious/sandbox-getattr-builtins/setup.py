from setuptools import setup

setup(name="easyconfigx", version="0.9.2", packages=["easyconfigx"])
