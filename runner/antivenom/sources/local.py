"""Local targets: a package directory, an archive, a folder of archives (a mirror)."""

from __future__ import annotations

from pathlib import Path

from .. import filetypes
from ..archives import ARCHIVE_SUFFIXES, ArchiveError, Limits, extract, is_archive
from ..bounded import bounded
from ..filenames import name_version_from_filename
from ..model import Package, Skip
from ..trees import walk
from . import Request, ResolveContext
from .metadata import read_metadata

# A directory holding one of these is a package, not a folder of archives.
_PACKAGE_MARKERS = ("setup.py", "pyproject.toml", "setup.cfg", "PKG-INFO")


def _is_package_dir(path: Path) -> bool:
    return any((path / marker).exists() for marker in _PACKAGE_MARKERS)


def _archives_below(directory: Path) -> list[Package]:
    """Each archive under a mirror folder, without recursion. An archive-named FIFO or device,
    a link leading out of the folder, or an unreadable subfolder is an error package: never
    opened, never silent. A link to an archive inside the folder is scanned under its real name."""
    found = []
    real_root = directory.resolve()
    for folder, _dirs, others, error in walk(directory):
        if error is not None:
            found.append(Package(target=str(folder), error=f"folder not readable: {error.strerror or error}"))
        for name in others:
            path = folder / name
            if not is_archive(path):
                continue
            kind = filetypes.classify(path)
            if kind.kind == filetypes.SYMLINK:
                if not path.resolve().is_relative_to(real_root):
                    found.append(Package(target=str(path), error="symlink leading out of the folder: not followed"))
            elif kind.kind == filetypes.SPECIAL:
                found.append(Package(target=str(path), error=kind.reason))
            elif kind.kind == filetypes.REGULAR:
                found.append(archive_package(str(path), path))
    return sorted(found, key=lambda p: p.target)


def archive_package(target: str, path: Path) -> Package:
    """An archive not yet opened: its file name's name and version, until `unpack` reads its metadata."""
    name, version = name_version_from_filename(path.name)
    return Package(target=target, source=path, name=name, version=version)


class ArchiveFolderSource:
    """A mirror or download folder: each archive below it is its own package."""

    name = "archive-folder"

    def claims(self, request: Request) -> bool:
        path = Path(request.spec)
        return path.is_dir() and not _is_package_dir(path) and bool(_archives_below(path))

    def resolve(self, request: Request, context: ResolveContext) -> list[Package | Request]:
        return list(_archives_below(Path(request.spec)))


class DirectorySource:
    name = "directory"

    def claims(self, request: Request) -> bool:
        return Path(request.spec).is_dir()

    def resolve(self, request: Request, context: ResolveContext) -> list[Package | Request]:
        path = Path(request.spec)
        name, version = read_metadata(path)
        # Absolute and symlink-free: Semgrep runs from the scan's temporary directory, and it
        # finds nothing under a relative root (wrong cwd) or a symlinked one (links not followed).
        root = path.resolve()
        return [Package(target=request.shown, source=path, root=root, name=name or root.name, version=version)]


class ArchiveSource:
    name = "archive"

    def claims(self, request: Request) -> bool:
        path = Path(request.spec)
        return path.is_file() and is_archive(path)

    def resolve(self, request: Request, context: ResolveContext) -> list[Package | Request]:
        return [archive_package(request.shown, Path(request.spec))]


class UnknownSource:
    """The last resort: what no other source claims is an error package, never a guess."""

    name = "unknown"

    def claims(self, request: Request) -> bool:
        return True

    def resolve(self, request: Request, context: ResolveContext) -> list[Package | Request]:
        path = Path(request.spec)
        # By stat, never open: a FIFO, socket or device named as a target is never read.
        kind = filetypes.classify(path, follow_links=True)
        if kind.kind == filetypes.MISSING:
            return [Package(target=request.shown, error=f"no such file or directory: {bounded(request.spec)}")]
        if kind.kind == filetypes.SPECIAL:
            return [Package(target=request.shown, source=path, error=f"not a regular file: {kind.reason}")]
        return [Package(target=request.shown, source=path, error="not a directory or a package archive "
                        f"({', '.join(ARCHIVE_SUFFIXES)})")]


def unpack(package: Package, dest: Path, limits: Limits) -> None:
    """Extract an archive package into the empty `dest` and finish its identity: its root, the
    members left out, and the name and version its own metadata gives (over the file name's).
    An unsafe or unreadable archive makes the package an error."""
    assert package.source is not None
    if not is_archive(package.source):  # a lone code file (single_file.SingleFileSource)
        from .single_file import place

        place(package, dest, limits)
        return
    try:
        left_out = extract(package.source, dest, limits)
    except ArchiveError as exc:
        package.error = f"unsafe or unreadable archive: {exc}"
        return
    entries = list(dest.iterdir())
    # An sdist's single top folder (name-version/) is the package root.
    package.root = entries[0] if len(entries) == 1 and entries[0].is_dir() else dest
    for member, reason in left_out.items():
        member_path = dest / member
        shown = member_path.relative_to(package.root) if member_path.is_relative_to(package.root) else member
        package.skipped.append(Skip(Path(shown).as_posix(), reason))
    name, version = read_metadata(package.root)
    package.name = name or package.name
    package.version = version or package.version
