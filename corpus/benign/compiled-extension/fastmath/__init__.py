"""Vector helpers; uses the compiled _speedups module when it was built."""

try:
    from ._speedups import dot
except ImportError:

    def dot(a, b):
        return sum(x * y for x, y in zip(a, b, strict=True))


__all__ = ["dot"]
