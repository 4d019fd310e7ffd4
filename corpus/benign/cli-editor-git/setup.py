from setuptools import setup

setup(
    name="jotter",
    version="1.0.3",
    packages=["jotter"],
    entry_points={"console_scripts": ["jot=jotter.cli:main"]},
)
