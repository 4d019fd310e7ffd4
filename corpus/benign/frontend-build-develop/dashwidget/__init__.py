from pathlib import Path

STATIC = Path(__file__).parent / "static"


def bundle_path():
    return STATIC / "index.js"
