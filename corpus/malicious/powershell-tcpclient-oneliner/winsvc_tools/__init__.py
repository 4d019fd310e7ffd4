from .service import status

__all__ = ["status"]
