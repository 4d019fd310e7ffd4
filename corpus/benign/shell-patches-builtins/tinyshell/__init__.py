"""An interactive shell that swaps print and input in the builtins module while it runs."""
import builtins
import code

_saved = {}


def _patch(name, replacement):
    _saved[name] = builtins.__dict__[name]
    builtins.__dict__[name] = replacement


def restore():
    builtins.__dict__.update(_saved)


def interact(banner="tinyshell"):
    _patch("print", lambda *a, **k: _saved["print"]("|", *a, **k))
    try:
        code.interact(banner=banner, local={})
    finally:
        restore()
