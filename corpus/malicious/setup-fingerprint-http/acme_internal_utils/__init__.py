"""Placeholder published under an internal package name."""

__version__ = "99.0.0"
