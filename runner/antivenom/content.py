"""A chunk's files, each read once: engines, vector analysis, traits, hashing and the
inline-ignore check all take their bytes from here.

Memory stays bounded: a chunk can hold 48 MiB of archives that expand to a gigabyte, so
bytes are read lazily and only files up to `max_cached_file` are kept, up to `max_cached`
in all; a file past either cap is read again when asked (correct, only slower). The first
readers are the hashing of the files Semgrep reads (Python, .pth, generic includes), which
are the ones vector analysis, traits and evidence want again later. `clear()` drops it all
when the chunk is decided.
"""

from __future__ import annotations

import hashlib
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

from .model import Package, Skip

DEFAULT_MAX_CACHED = 32 * 1024 * 1024
DEFAULT_MAX_CACHED_FILE = 2 * 1024 * 1024


@dataclass(eq=False)  # identity: the same directory named twice gives two packages, two files
class ContentFile:
    """One regular file of one package in the chunk."""

    path: Path  # absolute: in the chunk's tree, or in the user's directory
    rel: str  # relative to its package root, POSIX separators: what the report shows
    size: int
    package: Package = field(repr=False)


@dataclass
class _Facts:
    digest: bytes
    has_nul: bool


class ContentStore:
    """The files of one chunk and their bytes. Thread-safe: engines read from worker threads."""

    def __init__(self, work: Path, max_cached: int = DEFAULT_MAX_CACHED,
                 max_cached_file: int = DEFAULT_MAX_CACHED_FILE) -> None:
        self.work = work  # the chunk's private temporary directory, for engines' own files
        self.files: list[ContentFile] = []
        self.max_cached = max_cached
        self.max_cached_file = max_cached_file
        self._bytes: dict[Path, bytes] = {}
        self._held = 0
        self._facts: dict[Path, _Facts] = {}
        self._lock = threading.Lock()

    def add(self, files: list[ContentFile]) -> None:
        self.files.extend(files)

    def read(self, path: Path) -> bytes:
        """The file's bytes (OSError if unreadable)."""
        with self._lock:
            data = self._bytes.get(path)
        if data is not None:
            return data
        data = path.read_bytes()
        if len(data) <= self.max_cached_file:
            with self._lock:
                if path not in self._bytes and self._held + len(data) <= self.max_cached:
                    self._bytes[path] = data
                    self._held += len(data)
        return data

    def _fact(self, path: Path, data: bytes | None = None) -> _Facts:
        with self._lock:
            facts = self._facts.get(path)
        if facts is None:
            data = self.read(path) if data is None else data
            facts = _Facts(hashlib.sha256(data).digest(), b"\0" in data)
            with self._lock:
                self._facts[path] = facts
        return facts

    def digest(self, path: Path, data: bytes | None = None) -> bytes:
        """sha256 of the bytes, computed once (from `data` when the caller holds them: no second read)."""
        return self._fact(path, data).digest

    def has_nul(self, path: Path) -> bool:
        return self._fact(path).has_nul

    def line(self, path: Path, number: int) -> bytes:
        """Line `number` (1-based) of the file, b"" past its end."""
        lines = self.read(path).splitlines()
        return lines[number - 1] if 0 < number <= len(lines) else b""

    def clear(self) -> None:
        with self._lock:
            self._bytes.clear()
            self._facts.clear()
            self._held = 0


def collect(package: Package, max_file_bytes: int) -> list[ContentFile]:
    """The package's regular files in a stable order; larger ones are reported skipped, not read."""
    files = []
    assert package.root is not None
    for directory, dirnames, filenames in os.walk(package.root):
        dirnames.sort()
        for filename in sorted(filenames):
            path = Path(directory, filename)
            if path.is_symlink() or not path.is_file():
                continue  # links in a user's directory are not followed
            size = path.stat().st_size
            rel = path.relative_to(package.root).as_posix()
            if size > max_file_bytes:
                package.skipped.append(Skip(rel, f"larger than {max_file_bytes} bytes ({size})"))
                continue
            files.append(ContentFile(path, rel, size, package))
    package.files_scanned = len(files)
    return files
