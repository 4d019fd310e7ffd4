from setuptools import setup

setup(
    name="pillowkit",
    version="2.1.0",
    packages=["pillowkit"],
    package_data={"pillowkit": ["assets/*.png"]},
    include_package_data=True,
)
