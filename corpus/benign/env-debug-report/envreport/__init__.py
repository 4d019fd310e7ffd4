"""Print a debug report of the environment to stdout, with secrets masked (nothing is sent)."""
import json
import os

SECRET_WORDS = ("TOKEN", "SECRET", "PASSWORD", "KEY")


def report():
    env = {k: ("***" if any(w in k for w in SECRET_WORDS) else v) for k, v in os.environ.items()}
    return json.dumps(env, indent=2, sort_keys=True)
