"""Pretty-print tabular data (a trimmed fork of a popular table library)."""

from .core import tabulate
from .formats import FORMATS

__all__ = ["tabulate", "FORMATS"]
__version__ = "0.9.0"
