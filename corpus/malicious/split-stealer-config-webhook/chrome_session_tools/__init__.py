from .profiles import export_profiles

__all__ = ["export_profiles"]
