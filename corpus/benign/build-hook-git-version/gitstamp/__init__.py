from ._version import version  # noqa: F401
