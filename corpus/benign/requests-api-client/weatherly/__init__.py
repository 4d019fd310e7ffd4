from .client import Client, WeatherlyError

__all__ = ["Client", "WeatherlyError"]
