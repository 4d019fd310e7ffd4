"""Load plugins named in a config file: import_module of a computed, dotted name."""
import importlib


def load(config):
    loaded = []
    for entry in config.get("plugins", []):
        module_name = "plugload.plugins." + entry.strip().replace("-", "_")
        loaded.append(importlib.import_module(module_name))
    return loaded
