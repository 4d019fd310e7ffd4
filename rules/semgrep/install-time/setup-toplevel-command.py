# Test for setup-toplevel-command (defanged: example.invalid).
import os
import subprocess
import sys

from setuptools import setup

try:
    # ruleid: setup-toplevel-command
    os.system("curl -s https://example.invalid/x.sh -o /dev/null")
except:  # noqa: E722
    pass

if "sdist" not in sys.argv:
    # ruleid: setup-toplevel-command
    subprocess.Popen("start payload.exe", shell=True)

# ruleid: setup-toplevel-command
subprocess.check_call([sys.executable, "-m", "pip", "install", "example-dependency"])

# ruleid: setup-toplevel-command
host_env = os.popen("env").read()

# ok: setup-toplevel-command
env_file = os.popen("cat .env.example").read()
# ok: setup-toplevel-command
version = subprocess.check_output(["git", "describe", "--tags"]).decode().strip()
# ok: setup-toplevel-command
os.system("pandoc README.md -o README.rst")
# ok: setup-toplevel-command
subprocess.call(["cmake", "-S", ".", "-B", "build"])

setup(name="demo", version=version)
