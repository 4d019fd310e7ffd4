"""Dependency files as scan inputs: lockfiles and pyproject.toml, recognised by name.

`parse(path)` returns a DepFile whose `dependencies` each carry name, pinned version (or None:
newest release), the 1-based line of the declaration, the artifacts (URL, filename, sha256) the
lock recorded, and an `error` for entries that must not be fetched (git, path, editable...).
Requirements files (`requirements*.txt`, `*.in`) are recognised here but parsed by
`antivenom.requirements_file`, which produces the same `Dependency` type.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from . import pipfile, poetry, pylock, pyproject, uvlock
from .base import MAX_FILE_BYTES, Artifact, Dependency, DepFile, DepFileError, read_capped

__all__ = ["Artifact", "DepFile", "DepFileError", "Dependency", "kind_of", "parse"]

_PARSERS: dict[str, Callable[[Path, str], DepFile]] = {
    "uv.lock": uvlock.parse,
    "poetry.lock": poetry.parse,
    "Pipfile.lock": pipfile.parse,
    "pylock.toml": pylock.parse,
    "pyproject.toml": pyproject.parse,
}
_PYLOCK = re.compile(r"^pylock\.[^.]+\.toml$")  # PEP 751 names: pylock.toml or pylock.<name>.toml


def kind_of(path: Path) -> str | None:
    """The kind of dependency file this file name is, or None. By name only: content is not trusted."""
    name = path.name
    if name in _PARSERS:
        return name
    if _PYLOCK.match(name):
        return "pylock.toml"
    if path.suffix in (".txt", ".in") and re.search(r"(requirements|constraints)", name, re.IGNORECASE):
        return "requirements"
    return None


def parse(path: Path, max_bytes: int = MAX_FILE_BYTES) -> DepFile:
    """Parse one lockfile or pyproject.toml. Raises DepFileError (never anything else) when the
    file as a whole cannot be read; a bad entry becomes a Dependency with an `error`."""
    kind = kind_of(path)
    if kind is None or kind == "requirements":
        raise DepFileError(f"{path.name}: not a lockfile or pyproject.toml (requirements files: requirements_file)")
    text = read_capped(path, max_bytes)
    try:
        return _PARSERS[kind](path, text)
    except DepFileError:
        raise
    except (RecursionError, MemoryError, ValueError, TypeError, AttributeError, KeyError) as exc:
        # Every field is type-checked; this is the net under a case the checks missed.
        raise DepFileError(f"{path.name}: malformed {kind} ({type(exc).__name__}: {str(exc)[:200]})") from exc
