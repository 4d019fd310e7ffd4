from ._version import __version__

_TO_METRE = {"m": 1.0, "cm": 0.01, "mm": 0.001, "km": 1000.0, "in": 0.0254, "ft": 0.3048, "mi": 1609.344}

__all__ = ["__version__", "convert"]


def convert(value, src, dst):
    return value * _TO_METRE[src] / _TO_METRE[dst]
