"""Where desktop apps register themselves to start at login, per platform (paths only)."""
import os
import sys


def startup_dir():
    if sys.platform == "win32":
        return os.path.join(os.environ.get("APPDATA", ""), "Microsoft", "Windows", "Start Menu",
                            "Programs", "Startup")
    if sys.platform == "darwin":
        return os.path.expanduser("~/Library/LaunchAgents")
    return os.path.expanduser("~/.config/autostart")


def is_registered(app_name):
    return any(entry.startswith(app_name) for entry in os.listdir(startup_dir()))
