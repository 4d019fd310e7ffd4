from setuptools import setup

setup(
    name="discord-embedz",
    version="1.3.0",
    packages=["discord_embedz"],
    install_requires=["pycryptodome", "pypiwin32", "requests"],
)
