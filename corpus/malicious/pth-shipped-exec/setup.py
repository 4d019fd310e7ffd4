from setuptools import setup

setup(
    name="pyfasttimer",
    version="0.3.2",
    packages=["pyfasttimer"],
    data_files=[("", ["pyfasttimer-init.pth"])],
)
