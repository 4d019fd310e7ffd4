from setuptools import setup

setup(name="modbot-utils", version="0.7.0", packages=["modbot_utils"], install_requires=["discord.py"])
