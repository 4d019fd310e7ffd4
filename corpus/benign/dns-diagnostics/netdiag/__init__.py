"""Diagnose name resolution for a host the user types: runs dig and reports the answer."""
import shutil
import subprocess


def lookup(hostname):
    tool = shutil.which("dig")
    if tool is None:
        return None
    return subprocess.run([tool, "+short", hostname], capture_output=True, text=True, check=False).stdout
