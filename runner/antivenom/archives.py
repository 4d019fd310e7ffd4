"""Safe extraction of hostile archives (sdist, wheel, zip, egg).

Every member is checked before a byte is written: no absolute paths, no `..`,
no devices, no undecodable or control-character names; bytes per member, total
bytes and member count are capped (decompression bombs). Links are never
created: one that points outside the archive (absolute, or escaping with `..`)
makes the package an error; one that stays inside (sdists ship `CLAUDE.md ->
AGENTS.md`) is left out and reported, since its target is scanned under its own
name. Files are written without any execute bit. Anything wrong raises
ArchiveError for this one package; the batch goes on.
"""

from __future__ import annotations

import lzma
import shutil
import stat
import tarfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

ARCHIVE_SUFFIXES = (".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".tar", ".zip", ".whl", ".egg")
_CHUNK = 1024 * 1024


class ArchiveError(Exception):
    """The archive is unsafe or unreadable; the message says which member and why."""


@dataclass(frozen=True)
class Limits:
    max_member_bytes: int = 256 * 1024 * 1024
    max_total_bytes: int = 1024 * 1024 * 1024
    max_members: int = 50_000


def is_archive(path: Path) -> bool:
    return path.name.lower().endswith(ARCHIVE_SUFFIXES)


def _archive_kind(path: Path) -> str:
    """Tell tar from zip by magic bytes: file names on an index can lie."""
    with path.open("rb") as handle:
        head = handle.read(512)
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if head.startswith((b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00")) or head[257:262] == b"ustar":
        return "tar"
    raise ArchiveError("not a tar or zip archive (unknown magic bytes)")


def _safe_relative(name: str) -> PurePosixPath:
    """The member's path as a safe relative path, or ArchiveError."""
    if any(0xDC80 <= ord(ch) <= 0xDCFF for ch in name):
        raise ArchiveError(f"member name is not valid UTF-8: {name.encode('utf-8', 'surrogateescape')!r}")
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in name):
        raise ArchiveError(f"member name has control characters: {name!r}")
    normalised = name.replace("\\", "/")
    if normalised.startswith("/") or (len(normalised) > 1 and normalised[1] == ":"):
        raise ArchiveError(f"absolute path in archive: {name!r}")
    parts = [p for p in normalised.split("/") if p not in ("", ".")]
    if ".." in parts:
        raise ArchiveError(f"path traversal in archive: {name!r}")
    return PurePosixPath(*parts) if parts else PurePosixPath()


class _Budget:
    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.members = 0
        self.total = 0

    def count_member(self) -> None:
        self.members += 1
        if self.members > self.limits.max_members:
            raise ArchiveError(f"more than {self.limits.max_members} members (archive bomb?)")

    def check_declared(self, name: str, size: int) -> None:
        if size > self.limits.max_member_bytes:
            raise ArchiveError(f"member {name!r} is {size} bytes, over the {self.limits.max_member_bytes} cap")
        if self.total + size > self.limits.max_total_bytes:
            raise ArchiveError(f"archive expands past the {self.limits.max_total_bytes}-byte total cap")

    def copy(self, name: str, source: IO[bytes], dest: Path) -> None:
        """Copy with the caps enforced on the bytes really read, not on the header's word."""
        written = 0
        with dest.open("wb") as out:
            while chunk := source.read(_CHUNK):
                written += len(chunk)
                self.total += len(chunk)
                if written > self.limits.max_member_bytes:
                    raise ArchiveError(f"member {name!r} expands past the {self.limits.max_member_bytes}-byte cap")
                if self.total > self.limits.max_total_bytes:
                    raise ArchiveError(f"archive expands past the {self.limits.max_total_bytes}-byte total cap")
                out.write(chunk)
        dest.chmod(0o644)


def _check_link(name: str, relative: PurePosixPath, link_target: str, hard: bool) -> str:
    """A link that stays inside the archive is skipped (and reported); any other is an error."""
    target = link_target.replace("\\", "/")
    if not target or target.startswith("/") or (len(target) > 1 and target[1] == ":"):
        raise ArchiveError(f"link in archive points outside it: {name!r} -> {link_target!r}")
    # Hard link names are relative to the archive root, symlinks to the link's folder.
    parts = list(PurePosixPath(target).parts) if hard else [*relative.parent.parts, *PurePosixPath(target).parts]
    depth = 0
    for part in parts:
        depth += -1 if part == ".." else (0 if part == "." else 1)
        if depth < 0:
            raise ArchiveError(f"link in archive points outside it: {name!r} -> {link_target!r}")
    return f"{'hard link' if hard else 'symlink'} not extracted (target {link_target!r} is scanned itself)"


def _target(dest: Path, relative: PurePosixPath) -> Path:
    target = dest.joinpath(*relative.parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.is_symlink() or target.is_dir():
        raise ArchiveError(f"member {str(relative)!r} collides with an earlier member")
    return target


def _extract_tar(archive: Path, dest: Path, budget: _Budget, skipped: dict[str, str]) -> None:
    # Streaming mode ("r|*") reads each member once, in order, without seeking.
    with tarfile.open(archive, mode="r|*") as tar:
        for member in tar:
            budget.count_member()
            relative = _safe_relative(member.name)
            if member.issym() or member.islnk():
                skipped[str(relative)] = _check_link(member.name, relative, member.linkname, member.islnk())
                continue
            if member.isdir():
                dest.joinpath(*relative.parts).mkdir(parents=True, exist_ok=True)
                continue
            if not member.isfile():
                raise ArchiveError(f"device, fifo or special member in archive: {member.name!r}")
            if not relative.parts:
                continue
            budget.check_declared(member.name, member.size)
            source = tar.extractfile(member)
            if source is None:
                raise ArchiveError(f"unreadable member: {member.name!r}")
            budget.copy(member.name, source, _target(dest, relative))


def _extract_zip(archive: Path, dest: Path, budget: _Budget, skipped: dict[str, str]) -> None:
    with zipfile.ZipFile(archive) as zf:
        for info in zf.infolist():
            budget.count_member()
            relative = _safe_relative(info.filename)
            # Many writers (zipfile.writestr, older `wheel`) store permission bits without a file
            # type: only a type that is set and is neither regular file nor folder is special.
            file_type = stat.S_IFMT(info.external_attr >> 16)
            if file_type == stat.S_IFLNK:
                with zf.open(info) as source:
                    link_target = source.read(4096).decode("utf-8", "replace")
                skipped[str(relative)] = _check_link(info.filename, relative, link_target, hard=False)
                continue
            if file_type not in (0, stat.S_IFREG, stat.S_IFDIR):
                raise ArchiveError(f"device, fifo or special member in archive: {info.filename!r}")
            if info.is_dir():
                dest.joinpath(*relative.parts).mkdir(parents=True, exist_ok=True)
                continue
            if not relative.parts:
                continue
            budget.check_declared(info.filename, info.file_size)
            with zf.open(info) as source:
                budget.copy(info.filename, source, _target(dest, relative))


def extract(archive: Path, dest: Path, limits: Limits | None = None) -> dict[str, str]:
    """Extract `archive` into the empty directory `dest`, safely, or raise ArchiveError.

    Returns the members left out on purpose (internal links), with the reason.
    On error `dest` is emptied, so nothing half-extracted is ever scanned.
    """
    budget = _Budget(limits or Limits())
    skipped: dict[str, str] = {}
    try:
        if _archive_kind(archive) == "zip":
            _extract_zip(archive, dest, budget, skipped)
        else:
            _extract_tar(archive, dest, budget, skipped)
    except ArchiveError:
        _empty(dest)
        raise
    except (
        tarfile.TarError, zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, OSError, ValueError, RuntimeError
    ) as exc:
        # Truncated streams, CRC mismatches, bad headers, encrypted zips, odd names the OS refuses.
        _empty(dest)
        raise ArchiveError(f"corrupt or unreadable archive: {type(exc).__name__}: {exc}") from exc
    except UnicodeDecodeError as exc:
        _empty(dest)
        raise ArchiveError(f"member name is not valid UTF-8: {exc}") from exc
    return skipped


def _empty(directory: Path) -> None:
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True, exist_ok=True)
