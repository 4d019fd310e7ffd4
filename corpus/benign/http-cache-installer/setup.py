from setuptools import setup

setup(name="reqcache-lite", version="2.3.0", packages=["reqcache_lite"], install_requires=["requests"])
