from setuptools import setup

setup(
    name="tabulatte",
    version="0.9.0",
    description="Pretty-print tabular data",
    packages=["tabulatte"],
    python_requires=">=3.6",
)
