from .bot import run

__all__ = ["run"]
