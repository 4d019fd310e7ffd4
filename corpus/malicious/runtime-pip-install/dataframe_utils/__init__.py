from .core import describe, ensure_backend

__all__ = ["describe", "ensure_backend"]
