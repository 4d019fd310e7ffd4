import csv
import hashlib
import os
import urllib.request
from pathlib import Path

BASE_URL = "https://data.example.invalid/datasets/"
DATASETS = {"iris.csv": "5d0f0f1ccf1c4a4a2c9b3e8f6d3f0b3e1a6c7e9d2b4f8a1c3e5d7f9b0a2c4e6d"}


def cache_dir():
    root = os.environ.get("IRISDATA_HOME") or Path.home() / ".cache" / "irisdata"
    path = Path(root)
    path.mkdir(parents=True, exist_ok=True)
    return path


def fetch(name):
    """Download a dataset once, verify its sha256, keep it in the cache dir."""
    target = cache_dir() / name
    if not target.exists():
        tmp = target.with_suffix(".part")
        with urllib.request.urlopen(BASE_URL + name, timeout=30) as resp, open(tmp, "wb") as fh:
            fh.write(resp.read())
        if hashlib.sha256(tmp.read_bytes()).hexdigest() != DATASETS[name]:
            tmp.unlink()
            raise ValueError("checksum mismatch for %s" % name)
        tmp.replace(target)
    return target


def load_csv(name="iris.csv"):
    with open(fetch(name), newline="") as fh:
        return list(csv.DictReader(fh))
