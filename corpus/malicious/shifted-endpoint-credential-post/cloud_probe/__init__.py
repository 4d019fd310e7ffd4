"""Enumerate what a set of cloud keys may do."""

from .probe import probe_all

__all__ = ["probe_all"]
