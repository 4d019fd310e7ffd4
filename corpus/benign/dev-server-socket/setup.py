from setuptools import setup

setup(
    name="livereloadr",
    version="0.5.0",
    packages=["livereloadr"],
    entry_points={"console_scripts": ["livereloadr=livereloadr.server:main"]},
)
