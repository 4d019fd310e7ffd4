from setuptools import Extension, setup

setup(
    name="fastmath",
    version="0.6.0",
    packages=["fastmath"],
    ext_modules=[Extension("fastmath._speedups", ["fastmath/_speedups.c"], extra_compile_args=["-O2"])],
)
