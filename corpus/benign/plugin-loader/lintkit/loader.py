import importlib
import pkgutil
from importlib.metadata import entry_points

from . import plugins as _builtin


def load_plugins(extra=()):
    """Built-in plugins, installed entry points, then dotted names from config."""
    found = {}
    for info in pkgutil.iter_modules(_builtin.__path__, _builtin.__name__ + "."):
        found[info.name.rsplit(".", 1)[-1]] = importlib.import_module(info.name)
    for ep in entry_points(group="lintkit.plugins"):
        found.setdefault(ep.name, ep.load())
    for dotted in extra:
        found[dotted] = importlib.import_module(dotted)
    return {name: mod for name, mod in found.items() if hasattr(mod, "check")}
