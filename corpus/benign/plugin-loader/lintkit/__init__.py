from .loader import load_plugins

__all__ = ["load_plugins"]
