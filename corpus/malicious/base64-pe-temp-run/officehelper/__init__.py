from .convert import to_pdf

__all__ = ["to_pdf"]
