"""Safe extraction of hostile archives (sdist, wheel, zip, egg).

Every member is checked before a byte is written: no absolute paths, no `..`,
no devices, no undecodable or control-character names; bytes per member, total
bytes and member count are capped (decompression bombs). Links are never
created: one that points outside the archive (absolute, or escaping with `..`)
makes the package an error; one that stays inside (sdists ship `CLAUDE.md ->
AGENTS.md`) is left out and reported, since its target is scanned under its own
name. Files are written without any execute bit. Anything wrong raises
ArchiveError for this one package; the batch goes on.

Headers are capped before tarfile reads them: a GNU long-name/long-link or PAX record
over `max_header_bytes` (tarfile reads one whole into memory: a 204 KB tgz declaring a
200 MB name cost 1 GB), chains of such records (each one a recursive call in tarfile),
sparse members, and paths deeper than `max_depth` folders. Members left out on purpose
are returned with the reason: links, earlier copies of duplicate members, and nested
archives (found by magic bytes, not opened here). Messages quote names through
bounded(), so no attacker-sized string reaches a report.
"""

from __future__ import annotations

import lzma
import re
import stat
import tarfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from .bounded import bounded, bounded_repr
from .filetypes import open_regular
from .trees import make_dirs, remove_tree

ARCHIVE_SUFFIXES = (".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".tar", ".zip", ".whl", ".egg")
_CHUNK = 1024 * 1024


class ArchiveError(Exception):
    """The archive is unsafe or unreadable; the message says which member and why."""

    # Bounded whole, with room for the caller's prefix ("unsafe or unreadable archive: "),
    # so a report's error stays within 500 characters.
    MAX_MESSAGE = 440

    def __init__(self, message: str) -> None:
        super().__init__(bounded(message, self.MAX_MESSAGE))


@dataclass(frozen=True)
class Limits:
    max_member_bytes: int = 256 * 1024 * 1024
    max_total_bytes: int = 1024 * 1024 * 1024
    max_members: int = 50_000
    max_header_bytes: int = 64 * 1024  # one GNU long-name/long-link or PAX record
    max_depth: int = 128  # folders in a member path (real sdists stay under ~20)


# Extended headers allowed before one member: PAX global + PAX + long name + long link, and slack.
_MAX_HEADER_CHAIN = 8
NESTED_ARCHIVE_REASON = "nested archive ({kind}): not extracted; only the peel stage reads its members, in memory"


def is_archive(path: Path) -> bool:
    return path.name.lower().endswith(ARCHIVE_SUFFIXES)


def magic_kind(head: bytes) -> str | None:
    """The archive format the first 512 bytes announce (zip, gzip, bzip2, xz, tar), or None."""
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    if len(head) >= 10 and head.startswith(b"BZh") and head[3:4].isdigit() and head[4:10] == b"1AY&SY":
        return "bzip2"
    if head.startswith(b"\xfd7zXZ\x00"):
        return "xz"
    if head[257:262] == b"ustar":
        return "tar"
    return None


def _archive_kind(handle: IO[bytes]) -> str:
    """Tell tar from zip by magic bytes: file names on an index can lie."""
    head = handle.read(512)
    handle.seek(0)
    kind = magic_kind(head)
    if kind == "zip":
        return "zip"
    if kind is not None or head.startswith(b"BZh"):
        return "tar"
    raise ArchiveError("not a tar or zip archive (unknown magic bytes)")


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def escape_controls(name: str) -> tuple[str, bool]:
    """The member name with each control character written as %XX, and whether any was.
    Installers write such names as they are (a newline in a file name); the scanner reads the
    member under the escaped name rather than refuse the package - a payload must not hide
    behind its name. An escaped name that meets another member's is refused (_LeftOut.wrote)."""
    escaped = _CONTROL.sub(lambda m: f"%{ord(m.group(0)):02X}", name)
    return escaped, escaped != name


def _safe_relative(name: str, max_depth: int = Limits.max_depth) -> PurePosixPath:
    """The member's path as a safe relative path, or ArchiveError."""
    if any(0xDC80 <= ord(ch) <= 0xDCFF for ch in name):
        raise ArchiveError(f"member name is not valid UTF-8: "
                           f"{bounded_repr(name.encode('utf-8', 'surrogateescape'))}")
    normalised = name.replace("\\", "/")
    if normalised.startswith("/") or (len(normalised) > 1 and normalised[1] == ":"):
        raise ArchiveError(f"absolute path in archive: {bounded_repr(name)}")
    parts = [p for p in normalised.split("/") if p not in ("", ".")]
    if ".." in parts:
        raise ArchiveError(f"path traversal in archive: {bounded_repr(name)}")
    if any(len(part.encode("utf-8", "surrogateescape")) > 255 for part in parts):
        # no file system (nor installer) can write it
        raise ArchiveError(f"member name has a part longer than 255 bytes: {bounded_repr(name)}")
    if len(parts) > max_depth + 1:
        raise ArchiveError(f"member path is {len(parts) - 1} folders deep, over the {max_depth} cap: "
                           f"{bounded_repr(name)}")
    return PurePosixPath(*parts) if parts else PurePosixPath()


def _capped_tarinfo(max_header_bytes: int) -> type[tarfile.TarInfo]:
    """A TarInfo class that refuses an oversized extended header before tarfile reads it.

    tarfile reads a GNU long-name/long-link or PAX record whole (`fileobj.read(size)`) and
    follows each one by a recursive call for the next header: both are checked here, in the
    hooks tarfile dispatches to (stable private names since Python 3.2)."""

    class CappedTarInfo(tarfile.TarInfo):
        def _check_header(self, tar: tarfile.TarFile) -> None:
            if self.size > max_header_bytes:
                raise ArchiveError(f"extended header ({self.type.decode('ascii', 'replace')!r}) of {self.size} "
                                   f"bytes, over the {max_header_bytes}-byte cap (header bomb?)")
            chain = getattr(tar, "_antivenom_chain", 0) + 1
            if chain > _MAX_HEADER_CHAIN:
                raise ArchiveError(f"more than {_MAX_HEADER_CHAIN} extended headers before one member")
            tar._antivenom_chain = chain  # type: ignore[attr-defined]

        def _proc_gnulong(self, tar):  # type: ignore[no-untyped-def]
            self._check_header(tar)
            try:
                return super()._proc_gnulong(tar)
            finally:
                tar._antivenom_chain -= 1

        def _proc_pax(self, tar):  # type: ignore[no-untyped-def]
            self._check_header(tar)
            try:
                return super()._proc_pax(tar)
            finally:
                tar._antivenom_chain -= 1

        def _refuse_sparse(self, *_args):  # type: ignore[no-untyped-def]
            # A sparse map is read block by block into a list as long as the header says.
            raise ArchiveError(f"sparse member in archive (not supported): {bounded_repr(self.name)}")

        _proc_sparse = _refuse_sparse
        _proc_gnusparse_00 = _refuse_sparse
        _proc_gnusparse_01 = _refuse_sparse
        _proc_gnusparse_10 = _refuse_sparse

    return CappedTarInfo


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
            raise ArchiveError(f"member {bounded_repr(name)} is {size} bytes, "
                               f"over the {self.limits.max_member_bytes} cap")
        if self.total + size > self.limits.max_total_bytes:
            raise ArchiveError(f"archive expands past the {self.limits.max_total_bytes}-byte total cap")

    def copy(self, name: str, source: IO[bytes], dest: Path) -> bytes:
        """Copy with the caps enforced on the bytes really read, not on the header's word.

        Returns the member's first 512 bytes (to find nested archives by magic)."""
        written = 0
        head = b""
        with dest.open("wb") as out:
            while chunk := source.read(_CHUNK):
                written += len(chunk)
                self.total += len(chunk)
                if written > self.limits.max_member_bytes:
                    raise ArchiveError(f"member {bounded_repr(name)} expands past the "
                                       f"{self.limits.max_member_bytes}-byte cap")
                if self.total > self.limits.max_total_bytes:
                    raise ArchiveError(f"archive expands past the {self.limits.max_total_bytes}-byte total cap")
                if len(head) < 512:
                    head += chunk[: 512 - len(head)]
                out.write(chunk)
        dest.chmod(0o644)
        return head


class _LeftOut:
    """Members not extracted or not scanned, with the reason; and the files written so far."""

    def __init__(self) -> None:
        self.reasons: dict[str, str] = {}
        self.written: dict[str, int] = {}  # path -> copies seen
        self.escaped: dict[str, str] = {}  # path written under an escaped name -> the name in the archive

    def add(self, relative: PurePosixPath, reason: str) -> None:
        self.reasons[str(relative)] = reason

    def wrote(self, relative: PurePosixPath, head: bytes, original: str | None = None) -> None:
        """`original`: the member's own name, when it was escaped (escape_controls)."""
        key = str(relative)
        if key in self.written and (original is not None or key in self.escaped):
            # two members installed side by side would be one file here: one never read
            raise ArchiveError(f"member name with control characters meets another member's once escaped: "
                               f"{bounded_repr(original or self.escaped[key])} and {bounded_repr(key)}")
        if original is not None:
            self.escaped[key] = original
        copies = self.written.get(key, 0) + 1
        self.written[key] = copies
        self.reasons.pop(key, None)  # a note about an earlier copy is replaced below
        if copies > 1:
            # Installers unpack in order, so the last copy is the one installed: it is scanned.
            self.reasons[key] = (f"duplicate member ({copies} copies): earlier copies were overwritten "
                                 "and not scanned; the last one, which installers keep, was")
        kind = magic_kind(head)
        if kind is not None:
            self._note(key, NESTED_ARCHIVE_REASON.format(kind=kind))
        if original is not None:
            self._note(key, f"member name has control characters ({bounded_repr(original)}): "
                            "read in full under this escaped name")

    def _note(self, key: str, note: str) -> None:
        self.reasons[key] = f"{self.reasons[key]}; {note}" if key in self.reasons else note


def _check_link(name: str, relative: PurePosixPath, link_target: str, hard: bool) -> str:
    """A link that stays inside the archive is skipped (and reported); any other is an error."""
    target = link_target.replace("\\", "/")
    shown = f"{bounded_repr(name, 240)} -> {bounded_repr(link_target, 240)}"
    if not target or target.startswith("/") or (len(target) > 1 and target[1] == ":"):
        raise ArchiveError(f"link in archive points outside it: {shown}")
    # Hard link names are relative to the archive root, symlinks to the link's folder.
    parts = list(PurePosixPath(target).parts) if hard else [*relative.parent.parts, *PurePosixPath(target).parts]
    depth = 0
    for part in parts:
        depth += -1 if part == ".." else (0 if part == "." else 1)
        if depth < 0:
            raise ArchiveError(f"link in archive points outside it: {shown}")
    return f"{'hard link' if hard else 'symlink'} not extracted (target {bounded_repr(link_target)} is scanned itself)"


def _target(dest: Path, relative: PurePosixPath) -> Path:
    target = dest.joinpath(*relative.parts)
    make_dirs(target.parent)
    if target.is_symlink() or target.is_dir():
        raise ArchiveError(f"member {bounded_repr(str(relative))} collides with an earlier member")
    return target


def _extract_tar(archive: IO[bytes], dest: Path, budget: _Budget, left_out: _LeftOut) -> None:
    # Streaming mode ("r|*") reads each member once, in order, without seeking.
    capped = _capped_tarinfo(budget.limits.max_header_bytes)
    with tarfile.open(fileobj=archive, mode="r|*", tarinfo=capped) as tar:
        for member in tar:
            budget.count_member()
            name, escaped = escape_controls(member.name)
            relative = _safe_relative(name, budget.limits.max_depth)
            if member.issym() or member.islnk():
                left_out.add(relative, _check_link(member.name, relative, member.linkname, member.islnk()))
                continue
            if member.isdir():
                make_dirs(dest.joinpath(*relative.parts))
                continue
            if not member.isfile():
                raise ArchiveError(f"device, fifo or special member in archive: {bounded_repr(member.name)}")
            if not relative.parts:
                continue
            budget.check_declared(member.name, member.size)
            source = tar.extractfile(member)
            if source is None:
                raise ArchiveError(f"unreadable member: {bounded_repr(member.name)}")
            left_out.wrote(relative, budget.copy(name, source, _target(dest, relative)),
                           member.name if escaped else None)


def _extract_zip(archive: IO[bytes], dest: Path, budget: _Budget, left_out: _LeftOut) -> None:
    with zipfile.ZipFile(archive) as zf:
        for info in zf.infolist():
            budget.count_member()
            name, escaped = escape_controls(info.filename)
            relative = _safe_relative(name, budget.limits.max_depth)
            # Many writers (zipfile.writestr, older `wheel`) store permission bits without a file
            # type: only a type that is set and is neither regular file nor folder is special.
            file_type = stat.S_IFMT(info.external_attr >> 16)
            if file_type == stat.S_IFLNK:
                with zf.open(info) as source:
                    link_target = source.read(4096).decode("utf-8", "replace")
                left_out.add(relative, _check_link(info.filename, relative, link_target, hard=False))
                continue
            if file_type not in (0, stat.S_IFREG, stat.S_IFDIR):
                raise ArchiveError(f"device, fifo or special member in archive: {bounded_repr(info.filename)}")
            if info.is_dir():
                make_dirs(dest.joinpath(*relative.parts))
                continue
            if not relative.parts:
                continue
            budget.check_declared(info.filename, info.file_size)
            with zf.open(info) as source:
                left_out.wrote(relative, budget.copy(name, source, _target(dest, relative)),
                               info.filename if escaped else None)


def extract(archive: Path, dest: Path, limits: Limits | None = None) -> dict[str, str]:
    """Extract `archive` into the empty directory `dest`, safely, or raise ArchiveError.

    Returns the members left out or not scanned on purpose (internal links, earlier copies of
    duplicate members, nested archives), with the reason. `archive` is opened only if it is a
    regular file (a FIFO never blocks the scan). On error `dest` is emptied, so nothing
    half-extracted is ever scanned.
    """
    budget = _Budget(limits or Limits())
    left_out = _LeftOut()
    try:
        with open_regular(archive) as handle:
            if _archive_kind(handle) == "zip":
                _extract_zip(handle, dest, budget, left_out)
            else:
                _extract_tar(handle, dest, budget, left_out)
    except ArchiveError:
        _empty(dest)
        raise
    except UnicodeDecodeError as exc:
        _empty(dest)
        raise ArchiveError(f"member name is not valid UTF-8: {bounded(exc)}") from exc
    except (
        tarfile.TarError, zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, OSError, ValueError, RuntimeError
    ) as exc:
        # Truncated streams, CRC mismatches, bad headers, encrypted zips, odd names the OS refuses.
        _empty(dest)
        raise ArchiveError(f"corrupt or unreadable archive: {type(exc).__name__}: {bounded(exc)}") from exc
    return left_out.reasons


def _empty(directory: Path) -> None:
    remove_tree(directory)
    make_dirs(directory)
