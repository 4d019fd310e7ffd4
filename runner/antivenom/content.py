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
from typing import TYPE_CHECKING

from .bounded import printable
from .codefiles import is_code, is_code_name
from .filetypes import REGULAR, SYMLINK, classify, open_regular
from .model import Package, Skip
from .trees import walk

if TYPE_CHECKING:
    from .derived import DerivedInfo

DEFAULT_MAX_CACHED = 32 * 1024 * 1024
DEFAULT_MAX_CACHED_FILE = 2 * 1024 * 1024


@dataclass(eq=False)  # identity: the same directory named twice gives two packages, two files
class ContentFile:
    """One regular file of one package in the chunk."""

    path: Path  # absolute: in the chunk's tree, or in the user's directory
    rel: str  # relative to its package root, POSIX separators: what the report shows
    size: int
    package: Package = field(repr=False)
    # A decoded layer of one of the package's files (derived.py), or None for a file of the package
    derived: DerivedInfo | None = field(default=None, repr=False)


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
        self._left: dict[Path, set[str]] = {}  # engines that skipped or did not finish a file
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

    def note_left(self, path: Path, engine: str) -> None:
        """`engine` skipped the file or did not finish it (the scanner notes it after each engine's run)."""
        with self._lock:
            self._left.setdefault(path, set()).add(engine)

    def left_by(self, path: Path, engine: str) -> bool:
        with self._lock:
            return engine in self._left.get(path, ())

    def clear(self) -> None:
        with self._lock:
            self._left.clear()
            self._bytes.clear()
            self._facts.clear()
            self._held = 0


def _head(path: Path) -> bytes | None:
    """The first bytes of a regular file (a shebang), or None when it cannot be read."""
    try:
        with open_regular(path) as handle:
            return handle.read(200)
    except OSError:
        return None


def collect(package: Package, max_file_bytes: int) -> list[ContentFile]:
    """The package's regular files in a stable order, walked without recursion (trees.walk) and
    classified by lstat before anything is opened. Left out, each listed under `skipped`:
    larger files, FIFOs/sockets/devices (never opened), links leading out of the package,
    unreadable files and folders. An unreadable folder, or a code file left unread, makes the
    package incomplete. Names that are not UTF-8 are shown with backslash escapes."""
    files = []
    root = package.root
    assert root is not None
    real_root = root.resolve()

    def leave(rel: str, reason: str, code: bool) -> None:
        package.skipped.append(Skip(rel, reason))
        if code:
            package.mark_incomplete(f"{rel}: {reason}")

    for folder, _dirs, others, error in walk(root):
        if error is not None:
            rel = printable(folder.relative_to(root).as_posix(), 1000)
            leave(rel, f"folder not readable: {error.strerror or type(error).__name__}", True)
            continue
        for name in others:
            path = folder / name
            rel = printable(path.relative_to(root).as_posix(), 1000)
            kind = classify(path)
            if kind.kind == SYMLINK:
                try:
                    inside = path.resolve().is_relative_to(real_root)
                except (OSError, RuntimeError):  # a loop of links
                    inside = False
                if not inside:
                    leave(rel, "symlink pointing outside the package: not followed", False)
                continue  # a link inside is scanned under its target's own name
            if kind.kind != REGULAR:
                leave(rel, kind.reason or kind.kind, False)
                continue
            try:
                size = path.lstat().st_size
                if not os.access(path, os.R_OK):  # one syscall; the file is read later, by the store
                    raise PermissionError(13, "Permission denied")
            except OSError as exc:
                leave(rel, f"not readable: {exc.strerror or type(exc).__name__}", is_code_name(rel))
                continue
            if size > max_file_bytes:
                leave(rel, f"larger than {max_file_bytes} bytes ({size})", is_code(rel, _head(path)))
                continue
            files.append(ContentFile(path, rel, size, package))
    package.files_scanned = len(files)
    return files
