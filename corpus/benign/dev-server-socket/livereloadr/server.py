import argparse
import os
import socket
import subprocess
import threading
import time


def watch(root, command, changed):
    stamp = 0.0
    while True:
        latest = max(
            (os.path.getmtime(os.path.join(d, f)) for d, _, fs in os.walk(root) for f in fs), default=0.0
        )
        if latest > stamp:
            stamp = latest
            subprocess.run(command, shell=True, check=False)
            changed.set()
        time.sleep(1)


def serve(port, changed):
    """Tiny long-poll endpoint on localhost: answers 'reload' after a rebuild."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as srv:
        srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        srv.bind(("127.0.0.1", port))
        srv.listen()
        while True:
            conn, _ = srv.accept()
            with conn:
                conn.recv(1024)
                changed.wait()
                changed.clear()
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nreload")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", default="docs")
    parser.add_argument("--build", default="make -C docs html")
    parser.add_argument("--port", type=int, default=35729)
    args = parser.parse_args()
    changed = threading.Event()
    threading.Thread(target=watch, args=(args.root, args.build, changed), daemon=True).start()
    serve(args.port, changed)
