import os
import subprocess

from setuptools import setup

HERE = os.path.dirname(os.path.abspath(__file__))


def get_version():
    """Version from `git describe` in a checkout, from PKG-INFO in an sdist."""
    try:
        out = subprocess.check_output(
            ["git", "describe", "--tags", "--dirty", "--always"], cwd=HERE, stderr=subprocess.DEVNULL
        )
        return out.decode().strip().lstrip("v").replace("-", "+", 1).replace("-", ".")
    except (OSError, subprocess.CalledProcessError):
        with open(os.path.join(HERE, "PKG-INFO")) as fh:
            for line in fh:
                if line.startswith("Version:"):
                    return line.split(":", 1)[1].strip()
    return "0.0.0"


setup(name="tidyrepo", version=get_version(), packages=["tidyrepo"])
