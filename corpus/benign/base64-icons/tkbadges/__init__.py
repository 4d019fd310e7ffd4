from .badges import Badge

__all__ = ["Badge"]
