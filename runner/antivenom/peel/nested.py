"""Archives inside a package (a zip shipped in an sdist, a wheel in a wheel, a .pt model):
detected by magic bytes, whatever the name says, and listed in memory under caps.

Nothing is written to disk, so no path can escape and no link can be followed: a member
named with `..` or an absolute path, a link, a device, is left out and reported. Member
count and bytes share the caps of `antivenom.archives.Limits`; nesting stops at depth 3.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import stat
import tarfile
import zipfile
import zlib

from ..archives import Limits
from .caps import Budget, CapExceeded

MAX_NESTING = 3
_CHUNK = 1024 * 1024


def archive_kind(data: bytes) -> str | None:
    """zip (also wheels, eggs, .pt models), tar, or a compressed stream (gzip, bz2, xz)."""
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if len(data) > 262 and data[257:262] == b"ustar":
        return "tar"
    if data.startswith(b"\x1f\x8b\x08"):
        return "gzip"
    if data.startswith(b"BZh") and data[4:10] == b"1AY&SY":
        return "bz2"
    if data.startswith(b"\xfd7zXZ\x00"):
        return "xz"
    return None


def _safe_name(name: str) -> str | None:
    parts = [p for p in name.replace("\\", "/").split("/") if p not in ("", ".")]
    if not parts or ".." in parts or name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return None
    if any(ord(ch) < 0x20 for ch in name):
        return None
    return "/".join(parts)


class _Lister:
    def __init__(self, budget: Budget, limits: Limits) -> None:
        self.budget = budget
        self.limits = limits
        self.members = 0
        self.total = 0
        self.found: list[tuple[str, bytes, int]] = []
        self.skipped: list[tuple[str, str]] = []

    def _room(self) -> int:
        return min(self.limits.max_member_bytes, self.limits.max_total_bytes - self.total,
                   self.budget.remaining_bytes())

    def _read(self, label: str, handle: io.BufferedIOBase) -> bytes | None:
        room = self._room()
        data = handle.read(room + 1)
        if len(data) > room:
            if room < self.limits.max_member_bytes:  # the archive's (or the file's) total is spent
                raise CapExceeded(f"archive bytes cap reached at {label}")
            self.skipped.append((label, f"member expands past the {room}-byte cap; not read"))
            return None
        self.total += len(data)
        self.budget.produce(len(data))
        self.budget.spend(len(data))
        return data

    def _count(self) -> None:
        self.members += 1
        if self.members > self.limits.max_members:
            raise CapExceeded(f"more than {self.limits.max_members} archive members")

    def walk(self, label: str, data: bytes, depth: int) -> None:
        kind = archive_kind(data)
        if kind is None:
            return
        if depth > MAX_NESTING:
            self.skipped.append((label, f"archive nested deeper than {MAX_NESTING}; not opened"))
            return
        try:
            if kind == "zip":
                self._zip(label, data, depth)
            elif kind == "tar":
                self._tar(label, data, depth)
            else:
                self._stream(label, data, kind, depth)
        except (zipfile.BadZipFile, tarfile.TarError, zlib.error, lzma.LZMAError, OSError, EOFError,
                ValueError, RuntimeError, NotImplementedError) as exc:
            self.skipped.append((label, f"unreadable nested {kind}: {type(exc).__name__}: {exc}"))

    def _add(self, label: str, data: bytes, depth: int) -> None:
        self.found.append((label, data, depth))
        self.walk(label, data, depth + 1)

    def _zip(self, label: str, data: bytes, depth: int) -> None:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for info in zf.infolist():
                self._count()
                name = _safe_name(info.filename)
                shown = f"{label}::{info.filename}"
                file_type = stat.S_IFMT(info.external_attr >> 16)
                if name is None or file_type not in (0, stat.S_IFREG, stat.S_IFDIR):
                    self.skipped.append((shown, "unsafe member (path, link or special file); not read"))
                    continue
                if info.is_dir():
                    continue
                with zf.open(info) as handle:
                    member = self._read(shown, handle)
                if member is not None:
                    self._add(f"{label}::{name}", member, depth)

    def _tar(self, label: str, data: bytes, depth: int) -> None:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:") as tar:
            for info in tar:
                self._count()
                name = _safe_name(info.name)
                shown = f"{label}::{info.name}"
                if info.isdir():
                    continue
                if name is None or not info.isfile():
                    self.skipped.append((shown, "unsafe member (path, link or special file); not read"))
                    continue
                handle = tar.extractfile(info)
                member = self._read(shown, handle) if handle is not None else None
                if member is not None:
                    self._add(f"{label}::{name}", member, depth)

    def _stream(self, label: str, data: bytes, kind: str, depth: int) -> None:
        stream = io.BytesIO(data)
        with _open_stream(kind, stream) as handle:
            inner = self._read(label, handle)
        if inner is None:
            return
        self._count()
        if len(inner) > 262 and inner[257:262] == b"ustar":
            self._tar(label, inner, depth)  # .tar.gz: list the tar's members directly
        else:
            self._add(f"{label}::{kind}", inner, depth)


def _open_stream(kind: str, stream: io.BytesIO) -> io.BufferedIOBase:
    if kind == "gzip":
        return gzip.GzipFile(fileobj=stream)
    return bz2.BZ2File(stream) if kind == "bz2" else lzma.LZMAFile(stream)


def archive_members(label: str, data: bytes, budget: Budget,
                    limits: Limits | None = None) -> tuple[list[tuple[str, bytes, int]], list[tuple[str, str]]]:
    """Members of the archive in `data`, recursively (depth <= 3), as (name, bytes, depth) where
    name is `label::inner/path`; and (name, reason) for everything left out."""
    lister = _Lister(budget, limits or Limits())
    try:
        lister.walk(label, data, 1)
    except CapExceeded as exc:  # the members read so far are kept; the rest is reported
        lister.skipped.append((label, f"{exc}; the rest of the archive was not read"))
    return lister.found, lister.skipped
