try:
    from ._crc import crc32c
except ImportError:  # pure-Python fallback
    from ._pure import crc32c

__all__ = ["crc32c"]
