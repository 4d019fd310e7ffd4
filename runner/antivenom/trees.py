"""Walk, create and remove directory trees without recursion.

On Python 3.11 os.walk, Path.rglob, Path.mkdir(parents=True) and shutil.rmtree all
recurse once per folder level: a tar of 1,100 nested folders raised RecursionError in
the walk and again in the temporary folder's cleanup, leaving it behind. These loops
keep an explicit stack instead, so depth costs memory, never the interpreter stack.
The scanner's own walk and cleanup are meant to use them too.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path


def walk(root: Path) -> Iterator[tuple[Path, list[str], list[str], OSError | None]]:
    """Like os.walk(root) top-down, without recursion: (folder, sorted subfolder names, sorted
    other entry names, error). Links are never followed (a link to a folder is an "other").
    A folder that cannot be listed is yielded once with empty lists and its OSError, so the
    caller can report it instead of losing it. The caller may prune the subfolder list in place."""
    stack = [Path(root)]
    while stack:
        folder = stack.pop()
        dirs: list[str] = []
        others: list[str] = []
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    (dirs if entry.is_dir(follow_symlinks=False) else others).append(entry.name)
        except OSError as exc:
            yield folder, [], [], exc
            continue
        dirs.sort()
        others.sort()
        yield folder, dirs, others, None
        stack.extend(folder / name for name in reversed(dirs))  # reversed: popped in sorted order


def make_dirs(path: Path) -> None:
    """mkdir -p without recursion (Path.mkdir(parents=True) recurses once per missing level)."""
    missing = []
    current = Path(path)
    while not current.is_dir() and current.parent != current:
        missing.append(current)
        current = current.parent
    for folder in reversed(missing):
        try:
            folder.mkdir()
        except FileExistsError:
            if not folder.is_dir():
                raise


def remove_tree(root: Path) -> None:
    """rm -rf without recursion; links are removed, never followed. Like
    shutil.rmtree(ignore_errors=True), an entry that cannot be removed is left, silently:
    the caller checks what is left if it matters. Unlistable folders are made listable first."""
    root = Path(root)
    try:
        is_dir = stat.S_ISDIR(os.lstat(root).st_mode)
    except OSError:
        return
    if not is_dir:
        with contextlib.suppress(OSError):
            root.unlink()
        return
    # str paths from scandir: pathlib's joins and wrappers added about a third to a big tree's removal
    stack: list[tuple[str, bool]] = [(os.fspath(root), False)]  # (folder, its children already handled)
    while stack:
        folder, emptied = stack.pop()
        if emptied:
            with contextlib.suppress(OSError):
                os.rmdir(folder)
            continue
        stack.append((folder, True))
        with contextlib.suppress(OSError):
            os.chmod(folder, 0o700)  # a folder extracted or made without read/exec bits must still go
        try:
            with os.scandir(folder) as entries:
                children = [(entry.path, entry.is_dir(follow_symlinks=False)) for entry in entries]
        except OSError:
            continue
        for path, is_folder in children:
            if is_folder:
                stack.append((path, False))
            else:
                with contextlib.suppress(OSError):
                    os.unlink(path)
