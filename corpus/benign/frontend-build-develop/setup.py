import os
import shutil
import subprocess

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.command.develop import develop

HERE = os.path.dirname(os.path.abspath(__file__))


def build_js():
    """Bundle the widget's TypeScript with npm; skipped if the bundle is present."""
    if os.path.exists(os.path.join(HERE, "dashwidget", "static", "index.js")):
        return
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm is required to build dashwidget from source")
    subprocess.check_call([npm, "ci"], cwd=os.path.join(HERE, "js"))
    subprocess.check_call([npm, "run", "build"], cwd=os.path.join(HERE, "js"))


class BuildPy(build_py):
    def run(self):
        build_js()
        super().run()


class Develop(develop):
    def run(self):
        build_js()
        super().run()


setup(
    name="dashwidget",
    version="0.4.0",
    packages=["dashwidget"],
    package_data={"dashwidget": ["static/*.js"]},
    cmdclass={"build_py": BuildPy, "develop": Develop},
)
