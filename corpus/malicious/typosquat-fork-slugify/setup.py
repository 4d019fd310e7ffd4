from setuptools import setup

setup(
    name="python-slugifyy",
    version="8.0.1",
    description="A Python slugify application that also handles Unicode",
    packages=["slugify"],
    entry_points={"console_scripts": ["slugify=slugify.__main__:main"]},
)
