"""A lone code file as a target: a `setup.py` or module handed over on its own.

Malware is often shared, quoted or left behind as one file (a setup.py pasted into an
issue, a dropped module, a `.pth`). It is scanned as a package of that one file, under its
own name, so its path still tells the attack vector (setup.py runs at install time).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from .. import filetypes
from ..archives import Limits
from ..model import Package
from . import Request, ResolveContext

# What Python runs or a packager reads as code; other lone files are no package.
CODE_SUFFIXES = (".py", ".pyw", ".pth", ".pyi")


class SingleFileSource:
    name = "single-file"

    def claims(self, request: Request) -> bool:
        path = Path(request.spec)
        return path.suffix.lower() in CODE_SUFFIXES and filetypes.classify(path, follow_links=True).kind == \
            filetypes.REGULAR

    def resolve(self, request: Request, context: ResolveContext) -> list[Package | Request]:
        path = Path(request.spec)
        return [Package(target=request.shown, source=path, name=path.stem)]


def place(package: Package, dest: Path, limits: Limits) -> None:
    """Copy the lone file into the empty `dest` (within the member cap): the package's root."""
    assert package.source is not None
    try:
        size = package.source.stat().st_size
        if size > limits.max_member_bytes:
            package.error = f"file is {size} bytes, over the {limits.max_member_bytes}-byte member cap"
            return
        with filetypes.open_regular(package.source) as handle, (dest / package.source.name).open("xb") as out:
            shutil.copyfileobj(handle, out)
    except OSError as exc:
        package.error = f"file not readable: {exc.strerror or exc}"
        return
    package.root = dest
