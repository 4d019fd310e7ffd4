from setuptools import setup

setup(
    name="lintkit",
    version="0.9.0",
    packages=["lintkit", "lintkit.plugins"],
    entry_points={"lintkit.plugins": ["trailing = lintkit.plugins.trailing"]},
)
