import argparse
import datetime
import os
import shlex
import subprocess
from pathlib import Path

NOTES = Path(os.environ.get("JOTTER_HOME", Path.home() / "notes"))


def edit(path):
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    return os.system("%s %s" % (editor, shlex.quote(str(path))))


def git(*args):
    return subprocess.run(["git", "-C", str(NOTES), *args], check=True)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="jot")
    parser.add_argument("title", nargs="?", default=datetime.date.today().isoformat())
    args = parser.parse_args(argv)
    NOTES.mkdir(parents=True, exist_ok=True)
    if not (NOTES / ".git").exists():
        git("init", "-q")
    note = NOTES / ("%s.md" % args.title)
    edit(note)
    if note.exists():
        git("add", note.name)
        git("commit", "-q", "-m", "jot: %s" % args.title)
