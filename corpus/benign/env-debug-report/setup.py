from setuptools import setup

setup(name="envreport", version="0.5.0", packages=["envreport"])
