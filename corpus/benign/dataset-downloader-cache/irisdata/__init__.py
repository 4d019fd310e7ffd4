from .fetch import load_csv

__all__ = ["load_csv"]
