"""A package's name and version from its own metadata files, read as text (never built).

Hostile input: special files are never opened, reads are capped, any shape of pyproject is
survived (`project = "x"` is legal TOML), and names and versions are bounded.
"""

from __future__ import annotations

import email.parser
from pathlib import Path

import tomllib

from .. import filetypes
from ..bounded import bounded

_METADATA_BYTES = 1024 * 1024


def _read_small(path: Path) -> bytes | None:
    """The first bytes of a regular, unlinked file; None for links, FIFOs, devices, errors."""
    if filetypes.classify(path).kind != filetypes.REGULAR:
        return None
    try:
        with filetypes.open_regular(path) as handle:
            return handle.read(_METADATA_BYTES)
    except OSError:
        return None


def read_metadata(root: Path) -> tuple[str | None, str | None]:
    """Name and version from PKG-INFO, a wheel's METADATA, an egg's PKG-INFO, else pyproject.toml."""
    candidates = [root / "PKG-INFO", *root.glob("*.dist-info/METADATA"), *root.glob("*.egg-info/PKG-INFO"),
                  *root.glob("EGG-INFO/PKG-INFO")]
    for path in candidates:
        data = _read_small(path)
        if data is not None:
            headers = email.parser.BytesHeaderParser().parsebytes(data[:65536])
            if headers.get("Name"):
                return bounded(str(headers["Name"]), 200), (bounded(str(headers["Version"]), 100)
                                                            if headers.get("Version") else None)
    data = _read_small(root / "pyproject.toml")
    if data is not None:
        try:
            project = tomllib.loads(data.decode("utf-8", "replace")).get("project", {})
        except (tomllib.TOMLDecodeError, RecursionError):
            project = {}
        project = project if isinstance(project, dict) else {}
        if isinstance(project.get("name"), str):
            version = project.get("version")
            return bounded(project["name"], 200), bounded(version, 100) if isinstance(version, str) else None
    return None, None
