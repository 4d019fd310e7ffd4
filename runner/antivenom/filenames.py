"""What an archive's file name says: project name, version and kind (sdist, wheel, egg).

One parser for the index client (which files a release has) and the sources (a local
archive's provisional name before its own metadata is read). File names can lie: the
scanner never trusts them for the archive format (archives.py reads magic bytes).
"""

from __future__ import annotations

from dataclasses import dataclass

from packaging.utils import InvalidSdistFilename, InvalidWheelFilename, parse_sdist_filename, parse_wheel_filename
from packaging.version import InvalidVersion, Version

from .archives import ARCHIVE_SUFFIXES


@dataclass(frozen=True)
class ArchiveName:
    name: str
    version: str
    kind: str  # "sdist" | "wheel" | "egg"


def archive_suffix(filename: str) -> str | None:
    """The archive suffix the name ends with (any case), or None."""
    lowered = filename.lower()
    return next((s for s in ARCHIVE_SUFFIXES if lowered.endswith(s)), None)


def parse_archive_filename(filename: str) -> ArchiveName | None:
    """Name, version and kind by the packaging rules; None when the name does not follow them."""
    suffix = archive_suffix(filename)
    if suffix is None:
        return None
    stem = filename[: -len(suffix)]
    try:
        if suffix == ".whl":
            name, version, *_ = parse_wheel_filename(filename)
            return ArchiveName(str(name), str(version), "wheel")
        if suffix == ".egg":
            # name-version-pyX.Y.egg: no parser in packaging, split by hand.
            parts = stem.split("-")
            if len(parts) < 2:
                return None
            return ArchiveName(parts[0], parts[1], "egg")
        # parse_sdist_filename only knows .tar.gz/.zip: normalise the suffix.
        name, version = parse_sdist_filename(stem + ".tar.gz")
        return ArchiveName(str(name), str(version), "sdist")
    except (InvalidSdistFilename, InvalidWheelFilename, InvalidVersion, ValueError):
        return None


def release_version(parsed: ArchiveName) -> Version | None:
    """The version as packaging orders it, or None when it is not a valid one (an odd egg)."""
    try:
        return Version(parsed.version)
    except InvalidVersion:
        return None


def name_version_from_filename(filename: str) -> tuple[str | None, str | None]:
    """Best effort for a local archive: the packaging rules, else `name-version` split on the last dash."""
    parsed = parse_archive_filename(filename)
    if parsed is not None:
        return parsed.name, parsed.version
    suffix = archive_suffix(filename)
    stem = filename[: -len(suffix)] if suffix else filename
    name, dash, version = stem.rpartition("-")
    if not dash:  # no name-version split at all: the whole stem is the name
        return stem, None
    return (name or stem), (version or None)
