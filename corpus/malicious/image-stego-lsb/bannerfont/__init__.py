from .render import banner, load_theme

__all__ = ["banner", "load_theme"]
