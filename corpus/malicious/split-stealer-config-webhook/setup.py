from setuptools import setup

setup(name="chrome-session-tools", version="0.4.1", packages=["chrome_session_tools"], install_requires=["requests"])
