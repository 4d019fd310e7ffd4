"""Typosquat of requests-toolbelt; ships no real code."""

__version__ = "1.0.2"
