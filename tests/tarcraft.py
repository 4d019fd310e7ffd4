"""Hand-built tar streams for header attacks: raw headers whose declared sizes tarfile would
trust, written through gzip in chunks so a 64 MB record costs the test no 64 MB buffer."""

from __future__ import annotations

import tarfile
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

BLOCK = 512


def header(name: str, kind: bytes = tarfile.REGTYPE, size: int = 0, linkname: str = "") -> bytes:
    """One 512-byte GNU-format header, as tarfile would write it for a short name."""
    info = tarfile.TarInfo(name)
    info.type, info.size, info.mode, info.linkname = kind, size, 0o644, linkname
    return info.tobuf(tarfile.GNU_FORMAT, "utf-8", "surrogateescape")


def padded(data: bytes) -> bytes:
    return data + b"\0" * (-len(data) % BLOCK)


def member(name: str, data: bytes) -> Iterator[bytes]:
    yield header(name, size=len(data))
    yield padded(data)


def extended(kind: bytes, size: int, fill: bytes = b"a") -> Iterator[bytes]:
    """A GNU long-name ('L'), long-link ('K') or PAX ('x'/'g') record declaring `size` bytes,
    its body streamed 1 MB at a time (a valid name: `fill` repeated, NUL-terminated)."""
    yield header("././@LongLink" if kind in (b"L", b"K") else "pax", kind, size)
    left = size
    chunk = fill * (1024 * 1024)
    while left > 0:
        part = chunk[: min(left, len(chunk))]
        left -= len(part)
        yield part if left or kind not in (b"L", b"K") else part[:-1] + b"\0"
    yield b"\0" * (-size % BLOCK)


def end() -> Iterator[bytes]:
    yield b"\0" * (2 * BLOCK)


def write_tgz(path: Path, parts: Iterable[Iterable[bytes]]) -> Path:
    """Stream the parts through gzip into `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    compressor = zlib.compressobj(6, zlib.DEFLATED, 31)
    with path.open("wb") as out:
        for part in parts:
            for block in part:
                out.write(compressor.compress(block))
        out.write(compressor.flush())
    return path


def header_bomb(path: Path, record_bytes: int, kind: bytes = b"L") -> Path:
    """A small .tar.gz whose first header declares a `record_bytes` long name (or PAX record),
    then one ordinary member."""
    return write_tgz(path, [extended(kind, record_bytes), member("bomb-1.0/setup.py", b"print('fine')\n"), end()])
