"""Turn what the user named into packages: directories, archives, mirror folders,
`pypi:NAME[==VERSION]` and requirements files.

Nothing here extracts or scans; it only decides what the units of the report
are and fetches index files (bytes only, never pip).
"""

from __future__ import annotations

import email.parser
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import tomllib
from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import (
    InvalidSdistFilename,
    InvalidWheelFilename,
    canonicalize_name,
    parse_sdist_filename,
    parse_wheel_filename,
)

from . import filetypes, requirements_file
from .archives import ARCHIVE_SUFFIXES, is_archive
from .bounded import bounded
from .index_client import Hashes, IndexClient, IndexError_, NotFoundError
from .model import Package
from .trees import walk

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


_METADATA_BYTES = 1024 * 1024


def _read_small(path: Path) -> bytes | None:
    """The first bytes of a regular, unlinked file; None for links, FIFOs, devices, errors."""
    if filetypes.classify(path).kind != filetypes.REGULAR:
        return None
    try:
        with filetypes.open_regular(path) as handle:
            return handle.read(_METADATA_BYTES)
    except OSError:
        return None


def read_metadata(root: Path) -> tuple[str | None, str | None]:
    """Name and version from the package's own metadata files, read as text (hostile input:
    special files are never opened, reads are capped, any shape of pyproject is survived)."""
    candidates = [root / "PKG-INFO", *root.glob("*.dist-info/METADATA"), *root.glob("*.egg-info/PKG-INFO"),
                  *root.glob("EGG-INFO/PKG-INFO")]
    for path in candidates:
        data = _read_small(path)
        if data is not None:
            headers = email.parser.BytesHeaderParser().parsebytes(data[:65536])
            if headers.get("Name"):
                return bounded(str(headers["Name"]), 200), (bounded(str(headers["Version"]), 100)
                                                            if headers.get("Version") else None)
    data = _read_small(root / "pyproject.toml")
    if data is not None:
        try:
            project = tomllib.loads(data.decode("utf-8", "replace")).get("project", {})
        except (tomllib.TOMLDecodeError, RecursionError):
            project = {}
        project = project if isinstance(project, dict) else {}  # `project = "x"` is legal TOML
        if isinstance(project.get("name"), str):
            version = project.get("version")
            return bounded(project["name"], 200), bounded(version, 100) if isinstance(version, str) else None
    return None, None


def _archives_below(directory: Path) -> list[Package]:
    """Each archive under a mirror folder, without recursion. An archive-named FIFO or device,
    or a link leading out of the folder, is an error package: never opened, never silent."""
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
                if path.resolve().is_relative_to(real_root):
                    continue  # scanned under its real name
                found.append(Package(target=str(path), error="symlink leading out of the folder: not followed"))
            elif kind.kind == filetypes.SPECIAL:
                found.append(Package(target=str(path), error=kind.reason))
            elif kind.kind == filetypes.REGULAR:
                found.append(_archive_package(str(path), path))
    return sorted(found, key=lambda p: p.target)


def _local(target: str) -> list[Package]:
    path = Path(target)
    # By lstat/stat first: a FIFO, socket or device named as a target is never opened.
    kind = filetypes.classify(path, follow_links=True)
    if kind.kind == filetypes.MISSING:
        return [Package(target=target, error=f"no such file or directory: {bounded(target)}")]
    if kind.kind == filetypes.SPECIAL:
        return [Package(target=target, source=path, error=f"not a regular file: {kind.reason}")]
    if kind.kind == filetypes.DIRECTORY:
        if not any((path / marker).exists() for marker in _PACKAGE_MARKERS):
            archives = _archives_below(path)
            if archives:
                # A mirror or download folder: each archive is its own package.
                return archives
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
    """requirements.txt, requirements-dev.txt, constraints.in...: a text file of requirements
    (a FIFO or device of that name is not one: it becomes an error target, never opened)."""
    return path.suffix in (".txt", ".in") and filetypes.classify(path, follow_links=True).readable


@dataclass(frozen=True)
class _IndexJob:
    """One requirement to fetch, from the run's index or from those its requirements file names."""

    requirement: str
    target: str
    indexes: tuple[str, ...] = ()  # empty: the run's client
    hashes: Hashes = field(default_factory=dict)
    pre: bool = False
    constraint: str = ""  # specifiers from -c files for this name
    error: str | None = None


_INDEX_SCHEMES = ("https://", "http://", "file://")


def requirement_jobs(path: Path) -> list[_IndexJob]:
    """Every requirement of a requirements file and the files it includes (requirements_file.py),
    as fetch jobs: -c pins narrow the matching requirements, the file's --index-url and
    --extra-index-url replace/extend the run's index for its entries, lines that cannot be
    honoured (-e, URLs, unknown options, unreadable includes) become error jobs."""
    parsed = requirements_file.parse(path)
    indexes: tuple[str, ...] = ()
    index_error = None
    if parsed.index_url or parsed.extra_index_urls:
        indexes = (parsed.index_url or "", *parsed.extra_index_urls)
        bad = [u for u in indexes if u and not u.lower().startswith(_INDEX_SCHEMES)]
        if bad:
            index_error = f"index URL {bounded(bad[0], 200)!r} refused: only https, http and file indexes are read"
    constraints: dict[str, list[requirements_file.Entry]] = {}
    for entry in parsed.entries:
        if entry.constraint and entry.error is None:
            constraints.setdefault(canonicalize_name(Requirement(entry.text).name), []).append(entry)
    jobs = []
    for entry in parsed.entries:
        target = f"{entry.origin}: {entry.text}"
        if entry.error is not None:
            jobs.append(_IndexJob(entry.text, target, error=entry.error))
            continue
        if entry.constraint:
            continue  # a constraint installs nothing: it narrows the requirement of that name
        narrowing = constraints.get(canonicalize_name(Requirement(entry.text).name), [])
        hashes = entry.hashes or next((c.hashes for c in narrowing if c.hashes), {})
        specifiers = ",".join(str(Requirement(c.text).specifier) for c in narrowing if Requirement(c.text).specifier)
        jobs.append(_IndexJob(entry.text, target, indexes, hashes, parsed.pre, specifiers, index_error))
    return jobs


def _fetch(job: _IndexJob, client: IndexClient, download_dir: Path) -> list[Package]:
    """The release files of one requirement, downloaded and verified; failures become error packages.
    With extra indexes every index is asked (pip picks the best version across all of them, so
    any could serve it): a missing project there is fine, any other failure is an error."""
    target = job.target
    if job.error is not None:
        return [Package(target=target, error=job.error)]
    try:
        requirement = Requirement(job.requirement)
        specifier = requirement.specifier & SpecifierSet(job.constraint)
    except (InvalidRequirement, InvalidSpecifier) as exc:
        return [Package(target=target, error=f"invalid requirement: {bounded(exc)}")]
    if requirement.url:
        return [Package(target=target, name=requirement.name, error=f"direct URL requirement "
                        f"({bounded(requirement.url, 200)}) is not fetched: scan the file itself")]
    pins = sorted({s.version for s in specifier if s.operator in ("==", "===") and "*" not in s.version})
    version = pins[0] if pins else None
    if len(pins) > 1:
        return [Package(target=target, name=requirement.name, error=f"conflicting pins {', '.join(pins)} "
                        "(requirement and constraints): pip would refuse it")]
    clients = [IndexClient(url, client.timeout, client.max_bytes) if url else client for url in job.indexes]
    packages, failures = [], []
    for number, index in enumerate(clients or [client]):
        try:
            files = index.release_files(requirement.name, version, job.hashes or None, job.pre)
            if not files:
                raise IndexError_(f"{requirement.name}: no sdist or wheel to scan")
            folder = download_dir / requirement.name / (f"index{number}" if number else "")
            for release_file in files:
                local = index.download(release_file, folder, job.hashes or None)
                packages.append(Package(target=target, source=local, name=requirement.name,
                                        version=str(release_file.version)))
        except NotFoundError as exc:
            failures.append((exc, len(clients) > 1))
        except IndexError_ as exc:
            failures.append((exc, False))
    errors = [exc for exc, expected in failures if not expected or not packages]
    return packages + [Package(target=target, name=requirement.name, version=version,
                               error=f"fetch failed: {bounded(exc)}") for exc in errors]


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
    jobs: list[_IndexJob | str] = []
    requirement_files = list(requirement_files)
    for target in targets:
        if target.startswith(PYPI_PREFIX):
            jobs.append(_IndexJob(target[len(PYPI_PREFIX):].strip(), target))
        elif is_requirements_file(Path(target)):
            requirement_files.append(Path(target))  # so pre-commit can pass requirements files as targets
        else:
            jobs.append(target)
    for requirements in requirement_files:
        jobs.extend(requirement_jobs(requirements))

    def run(job: _IndexJob | str) -> list[Package]:
        if isinstance(job, _IndexJob):
            if download_dir is None:
                raise ValueError("index targets need a download directory")
            return _fetch(job, client or IndexClient(), download_dir)
        return _local(job)

    with ThreadPoolExecutor(max_workers=fetch_workers) as pool:
        return [package for packages in pool.map(run, jobs) for package in packages]
