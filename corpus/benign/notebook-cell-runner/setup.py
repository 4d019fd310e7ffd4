from setuptools import setup

setup(
    name="cellrun",
    version="0.2.4",
    packages=["cellrun"],
    entry_points={"console_scripts": ["cellrun=cellrun.runner:main"]},
)
