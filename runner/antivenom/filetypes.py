"""What kind of file a path is, decided by lstat before anything is opened.

A FIFO named `x.tar.gz` given as a target blocked the scan forever (open() on a FIFO
waits for a writer); a device could be read without end. So: classify() first (lstat,
never open), and open_regular() when a file is read, which opens without blocking and
checks the opened file again (the path may have been swapped since the lstat).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

REGULAR, DIRECTORY, SYMLINK, SPECIAL, MISSING = "regular", "directory", "symlink", "special", "missing"


class SpecialFileError(OSError):
    """The path is not a regular file (FIFO, socket, device, folder): it is not opened."""


@dataclass(frozen=True)
class FileType:
    kind: str  # REGULAR | DIRECTORY | SYMLINK | SPECIAL | MISSING
    reason: str = ""  # for SPECIAL and MISSING: why it is not read

    @property
    def readable(self) -> bool:
        return self.kind == REGULAR


def _describe(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "FIFO"), (stat.S_ISSOCK, "socket"), (stat.S_ISCHR, "character device"),
                       (stat.S_ISBLK, "block device")):
        if test(mode):
            return name
    return f"special file (mode {stat.S_IFMT(mode):o})"


def _from_mode(mode: int) -> FileType:
    if stat.S_ISREG(mode):
        return FileType(REGULAR)
    if stat.S_ISDIR(mode):
        return FileType(DIRECTORY)
    if stat.S_ISLNK(mode):
        return FileType(SYMLINK)
    return FileType(SPECIAL, f"{_describe(mode)}: never opened")


def classify(path: Path | str, follow_links: bool = False) -> FileType:
    """The path's kind by lstat (by stat when `follow_links`: a dangling link is MISSING)."""
    try:
        info = os.stat(path) if follow_links else os.lstat(path)
    except FileNotFoundError:
        return FileType(MISSING, "no such file or directory")
    except OSError as exc:
        return FileType(MISSING, f"cannot stat: {exc.strerror or type(exc).__name__}")
    return _from_mode(info.st_mode)


def open_regular(path: Path | str) -> BinaryIO:
    """Open a regular file for reading in binary mode, or raise SpecialFileError / OSError.

    O_NONBLOCK makes opening a FIFO return at once instead of waiting for a writer; the
    opened descriptor is then checked with fstat, so a swap after classify() is caught too."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise SpecialFileError(f"{_describe(mode) if not stat.S_ISDIR(mode) else 'directory'}: never opened")
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
