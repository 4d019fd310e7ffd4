"""A package's name and version from its own metadata files, read as text (never built)."""

from __future__ import annotations

import email.parser
from pathlib import Path

import tomllib


def read_metadata(root: Path) -> tuple[str | None, str | None]:
    """Name and version from PKG-INFO, a wheel's METADATA, an egg's PKG-INFO, else pyproject.toml."""
    candidates = [root / "PKG-INFO", *root.glob("*.dist-info/METADATA"), *root.glob("*.egg-info/PKG-INFO"),
                  *root.glob("EGG-INFO/PKG-INFO")]
    for path in candidates:
        if path.is_file() and not path.is_symlink():
            headers = email.parser.BytesHeaderParser().parsebytes(path.read_bytes()[:65536])
            if headers.get("Name"):
                return str(headers["Name"]), (str(headers["Version"]) if headers.get("Version") else None)
    pyproject = root / "pyproject.toml"
    if pyproject.is_file() and not pyproject.is_symlink():
        try:
            project = tomllib.loads(pyproject.read_text("utf-8", "replace")).get("project", {})
        except tomllib.TOMLDecodeError:
            project = {}
        if isinstance(project.get("name"), str):
            version = project.get("version")
            return project["name"], version if isinstance(version, str) else None
    return None, None
