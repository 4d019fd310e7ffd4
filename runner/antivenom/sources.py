"""Turn what the user named into packages: directories, archives, mirror folders,
`pypi:NAME[==VERSION]` and requirements files.

Nothing here extracts or scans; it only decides what the units of the report
are and fetches index files (bytes only, never pip).
"""

from __future__ import annotations

import email.parser
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import tomllib
from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import (
    InvalidSdistFilename,
    InvalidWheelFilename,
    parse_sdist_filename,
    parse_wheel_filename,
)

from .archives import ARCHIVE_SUFFIXES, is_archive
from .index_client import IndexClient, IndexError_
from .model import Package

PYPI_PREFIX = "pypi:"
# A directory holding one of these is a package, not a folder of archives.
_PACKAGE_MARKERS = ("setup.py", "pyproject.toml", "setup.cfg", "PKG-INFO")


def name_version_from_filename(filename: str) -> tuple[str | None, str | None]:
    try:
        if filename.endswith(".whl"):
            name, version, *_ = parse_wheel_filename(filename)
            return str(name), str(version)
        for suffix in ARCHIVE_SUFFIXES:
            if filename.lower().endswith(suffix):
                stem = filename[: -len(suffix)]
                if suffix == ".egg":
                    parts = stem.split("-")
                    return parts[0], parts[1] if len(parts) > 1 else None
                name, version = parse_sdist_filename(stem + ".tar.gz")
                return str(name), str(version)
    except (InvalidSdistFilename, InvalidWheelFilename, ValueError):
        pass
    stem = filename
    for suffix in ARCHIVE_SUFFIXES:
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
    name, dash, version = stem.rpartition("-")
    if not dash:  # no name-version split at all: the whole stem is the name
        return stem, None
    return (name or stem), (version or None)


def read_metadata(root: Path) -> tuple[str | None, str | None]:
    """Name and version from the package's own metadata files, read as text."""
    candidates = [root / "PKG-INFO", *root.glob("*.dist-info/METADATA"), *root.glob("*.egg-info/PKG-INFO"),
                  *root.glob("EGG-INFO/PKG-INFO")]
    for path in candidates:
        if path.is_file() and not path.is_symlink():
            headers = email.parser.BytesHeaderParser().parsebytes(path.read_bytes()[:65536])
            if headers.get("Name"):
                return str(headers["Name"]), (str(headers["Version"]) if headers.get("Version") else None)
    pyproject = root / "pyproject.toml"
    if pyproject.is_file() and not pyproject.is_symlink():
        try:
            project = tomllib.loads(pyproject.read_text("utf-8", "replace")).get("project", {})
        except tomllib.TOMLDecodeError:
            project = {}
        if isinstance(project.get("name"), str):
            version = project.get("version")
            return project["name"], version if isinstance(version, str) else None
    return None, None


def _archives_below(directory: Path) -> list[Path]:
    return sorted(p for p in directory.rglob("*") if p.is_file() and not p.is_symlink() and is_archive(p))


def _local(target: str) -> list[Package]:
    path = Path(target)
    if not path.exists():
        return [Package(target=target, error=f"no such file or directory: {target}")]
    if path.is_dir():
        if not any((path / marker).exists() for marker in _PACKAGE_MARKERS):
            archives = _archives_below(path)
            if archives:
                # A mirror or download folder: each archive is its own package.
                return [_archive_package(str(a), a) for a in archives]
        name, version = read_metadata(path)
        # Absolute and symlink-free: Semgrep runs from the scan's temporary directory, and it
        # finds nothing under a relative root (wrong cwd) or a symlinked one (links not followed).
        root = path.resolve()
        return [Package(target=target, source=path, root=root, name=name or root.name, version=version)]
    if is_archive(path):
        return [_archive_package(target, path)]
    return [Package(target=target, source=path, error="not a directory or a package archive "
                    f"({', '.join(ARCHIVE_SUFFIXES)})")]


def _archive_package(target: str, path: Path) -> Package:
    name, version = name_version_from_filename(path.name)
    return Package(target=target, source=path, name=name, version=version)


def is_requirements_file(path: Path) -> bool:
    """requirements.txt, requirements-dev.txt, constraints.in...: a text file of requirements."""
    return path.is_file() and path.suffix in (".txt", ".in")


def requirement_lines(path: Path) -> list[str]:
    """Requirement strings of a requirements file; options and nested -r files are not followed."""
    lines = []
    # Backslash continuations join lines (pip-compile puts --hash options there).
    text = path.read_text("utf-8", "replace").replace("\\\n", " ")
    for raw in text.splitlines():
        line = raw.split(" #", 1)[0].split(" --", 1)[0].strip()
        if line and not line.startswith(("#", "-")):
            lines.append(line)
    return lines


def _fetch(requirement_text: str, target: str, client: IndexClient, download_dir: Path) -> list[Package]:
    try:
        requirement = Requirement(requirement_text)
    except InvalidRequirement as exc:
        return [Package(target=target, error=f"invalid requirement: {exc}")]
    if requirement.url:
        return [Package(target=target, name=requirement.name,
                        error=f"direct URL requirement ({requirement.url}) is not fetched: scan the file itself")]
    pins = [s.version for s in requirement.specifier if s.operator in ("==", "===") and "*" not in s.version]
    version = pins[0] if pins else None
    try:
        files = client.release_files(requirement.name, version)
        if not files:
            raise IndexError_(f"{requirement.name}: no sdist or wheel to scan")
        packages = []
        for release_file in files:
            local = client.download(release_file, download_dir / requirement.name)
            packages.append(Package(target=target, source=local, name=requirement.name,
                                    version=str(release_file.version)))
        return packages
    except IndexError_ as exc:
        return [Package(target=target, name=requirement.name, version=version, error=f"fetch failed: {exc}")]


def resolve(
    targets: Iterable[str],
    requirement_files: Iterable[Path],
    client: IndexClient | None = None,
    download_dir: Path | None = None,
    fetch_workers: int = 4,
) -> list[Package]:
    """Every package named, in the order named; failures become `error` packages.

    Index targets need `download_dir` (the caller owns and removes it).
    """
    jobs: list[tuple[str, str] | str] = []
    requirement_files = list(requirement_files)
    for target in targets:
        if target.startswith(PYPI_PREFIX):
            jobs.append((target[len(PYPI_PREFIX):].strip(), target))
        elif is_requirements_file(Path(target)):
            requirement_files.append(Path(target))  # so pre-commit can pass requirements files as targets
        else:
            jobs.append(target)
    for requirements in requirement_files:
        for line in requirement_lines(requirements):
            jobs.append((line, f"{requirements.name}: {line}"))

    def run(job: tuple[str, str] | str) -> list[Package]:
        if isinstance(job, tuple):
            if download_dir is None:
                raise ValueError("index targets need a download directory")
            return _fetch(job[0], job[1], client or IndexClient(), download_dir)
        return _local(job)

    with ThreadPoolExecutor(max_workers=fetch_workers) as pool:
        return [package for packages in pool.map(run, jobs) for package in packages]
