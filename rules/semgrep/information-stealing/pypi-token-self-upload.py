import configparser
import os
import subprocess
import sys

import requests


def spread(dist):
    cfg = configparser.ConfigParser()
    cfg.read(os.path.expanduser("~/.pypirc"))
    password = cfg.get("pypi", "password", fallback="")
    env = dict(os.environ, TWINE_USERNAME="__token__", TWINE_PASSWORD=password)
    # ruleid: pypi-token-self-upload
    subprocess.run([sys.executable, "-m", "twine", "upload", dist], env=env)


def spread_shell(dist):
    token = os.environ.get("PYPI_TOKEN", "")
    # ruleid: pypi-token-self-upload
    os.system("twine upload -u __token__ -p " + token + " " + dist)


def spread_api(name, blob):
    token = os.environ["PYPI_API_TOKEN"]
    # ruleid: pypi-token-self-upload
    requests.post("https://upload.pypi.org/legacy/", auth=("__token__", token),
                  data={":action": "file_upload", "name": name}, files={"content": blob})


def build():
    # ok: pypi-token-self-upload
    subprocess.run([sys.executable, "-m", "build"])


def check(dist):
    # ok: pypi-token-self-upload
    subprocess.run([sys.executable, "-m", "twine", "check", dist])
