import os
import shutil
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext


class BuildExt(build_ext):
    """Compile the SIMD object with the system compiler, then link as usual."""

    def run(self):
        cc = os.environ.get("CC") or shutil.which("cc") or "gcc"
        obj = os.path.join(self.build_temp, "crc32c_simd.o")
        os.makedirs(self.build_temp, exist_ok=True)
        if sys.platform != "win32":
            subprocess.check_call([cc, "-O3", "-msse4.2", "-fPIC", "-c", "src/crc32c_simd.c", "-o", obj])
            for ext in self.extensions:
                ext.extra_objects.append(obj)
        super().run()


setup(
    name="fastcrc",
    version="1.4.0",
    packages=["fastcrc"],
    ext_modules=[Extension("fastcrc._crc", ["src/crc.c"])],
    cmdclass={"build_ext": BuildExt},
)
