import os
import sys

PATH_SEP = ";" if sys.platform == "win32" else ":"


def user_config_dir(app):
    if os.name == "nt":
        base = os.environ.get("APPDATA") or os.path.expanduser("~\\AppData\\Roaming")
    elif sys.platform == "darwin":
        base = os.path.expanduser("~/Library/Application Support")
    else:
        base = os.environ.get("XDG_CONFIG_HOME") or os.path.expanduser("~/.config")
    return os.path.join(base, app)


def user_cache_dir(app):
    if os.name == "nt":
        return os.path.join(os.environ.get("LOCALAPPDATA", os.path.expanduser("~")), app, "Cache")
    if sys.platform == "darwin":
        return os.path.expanduser("~/Library/Caches/%s" % app)
    return os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), app)


def split_search_path(value):
    return [p for p in value.split(PATH_SEP) if p]
