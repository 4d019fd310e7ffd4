from setuptools import setup

setup(
    name="netdebug",
    version="0.1.0",
    packages=["netdebug"],
    entry_points={"console_scripts": ["netdebug=netdebug.cli:main"]},
)
