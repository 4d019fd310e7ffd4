"""Submodules are imported on first attribute access to keep import fast."""

import sys

_SUBMODULES = ("distance", "polygon")
__all__ = list(_SUBMODULES)


def __getattr__(name):
    if name in _SUBMODULES:
        __import__("%s.%s" % (__name__, name))
        module = sys.modules["%s.%s" % (__name__, name)]
        globals()[name] = module
        return module
    raise AttributeError("module %r has no attribute %r" % (__name__, name))


def __dir__():
    return sorted(list(globals()) + list(_SUBMODULES))
