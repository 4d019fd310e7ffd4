import argparse
import subprocess
import sys

from . import __version__


def self_update(yes=False):
    """Upgrade deploybot itself from the configured index, after confirmation."""
    if not yes and input("Upgrade deploybot %s? [y/N] " % __version__).lower() != "y":
        return 1
    return subprocess.call([sys.executable, "-m", "pip", "install", "--upgrade", "deploybot"])


def main(argv=None):
    parser = argparse.ArgumentParser(prog="deploybot")
    sub = parser.add_subparsers(dest="cmd", required=True)
    up = sub.add_parser("self-update")
    up.add_argument("-y", "--yes", action="store_true")
    sub.add_parser("version")
    args = parser.parse_args(argv)
    if args.cmd == "self-update":
        return self_update(args.yes)
    print(__version__)
    return 0
