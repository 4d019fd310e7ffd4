# Test for socket-piped-shell (defanged: example.invalid, nothing listens).
import socket
import subprocess


def main():
    try:
        s = socket.create_connection(("example.invalid", 1))
    except Exception:
        return
    # ruleid: socket-piped-shell
    proc = subprocess.Popen(["cmd.exe"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return s, proc


def other():
    sock = socket.socket()
    sock.connect(("example.invalid", 2))
    # ruleid: socket-piped-shell
    p = subprocess.Popen("/bin/sh", shell=True, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    return p


def build():
    # ok: socket-piped-shell
    subprocess.Popen(["bash", "build.sh"], stdin=subprocess.PIPE)


def terminal_session(command):
    # ok: socket-piped-shell
    return subprocess.Popen(["sh", "-c", command], stdin=subprocess.PIPE)
