from setuptools import setup

# Read the version without importing the package (its deps may be missing).
about = {}
with open("unitconv/_version.py") as fh:
    exec(fh.read(), about)

with open("README.md") as fh:
    long_description = fh.read()

setup(
    name="unitconv",
    version=about["__version__"],
    description="Unit conversions",
    long_description=long_description,
    long_description_content_type="text/markdown",
    packages=["unitconv"],
)
