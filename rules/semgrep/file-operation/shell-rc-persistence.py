# Test for shell-rc-persistence (defanged: writes a comment only).
import os
from pathlib import Path

# ruleid: shell-rc-persistence
with open(os.path.expanduser("~/.bashrc"), "a") as rc:
    rc.write("# nothing\n")
# ruleid: shell-rc-persistence
brc = open(".bashrc", "a")
zshrc = Path.home() / ".zshrc"
# ruleid: shell-rc-persistence
with zshrc.open("a") as fh:
    fh.write("# nothing\n")

# ok: shell-rc-persistence
with open(os.path.expanduser("~/.bashrc")) as rc:
    text = rc.read()
# ok: shell-rc-persistence
open("profile.json", "w").close()
