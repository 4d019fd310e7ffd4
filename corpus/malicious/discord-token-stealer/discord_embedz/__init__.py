from .embed import Embed

__all__ = ["Embed"]
