from setuptools import setup

setup(
    name="deploybot",
    version="3.0.2",
    packages=["deploybot"],
    entry_points={"console_scripts": ["deploybot=deploybot.cli:main"]},
)
