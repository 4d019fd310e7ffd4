"""Check a status page."""

from .client import health

__all__ = ["health"]
