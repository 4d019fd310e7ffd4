from .pool import PoolManager

__all__ = ["PoolManager"]
