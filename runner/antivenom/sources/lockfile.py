"""Dependency files as targets: uv.lock, poetry.lock, Pipfile.lock, pylock.toml, pyproject.toml.

`LockfileSource` parses the file (depfiles/) into one `locked` request per dependency, so the
fetches run in parallel like a requirements file's. `LockedSource` fetches one entry:

- pinned with recorded URLs: those files, when the URL is https (or on the configured index's
  own host: the user chose that index); otherwise the index's files of that release, matched to
  the lock by file name or recorded sha256;
- every download is checked against the sha256 the lock recorded: a mismatch is an `error`
  package, never a scan of other bytes;
- not pinned (a pyproject range): the newest release, and the package says so (`unpinned`).

Every package carries `origin` = (the dependency file relative to the working directory, the
dependency's line), which SARIF makes the alert's primary location. Files are fetched as bytes
(index_client.py), never through pip.
"""

from __future__ import annotations

import hashlib
import urllib.parse
from pathlib import Path

from packaging.version import InvalidVersion, Version

from ..depfiles import Dependency, DepFileError, kind_of, parse
from ..filenames import parse_archive_filename
from ..index_client import IndexClient, IndexError_, ReleaseFile
from ..model import Package
from . import Request, ResolveContext


def is_dependency_file(path: Path) -> bool:
    """A lockfile or pyproject.toml, by name (requirements files are requirements.py's)."""
    return kind_of(path) not in (None, "requirements")


def origin_path(path: Path) -> str:
    """The dependency file as the repository knows it: relative to the working directory when under it."""
    absolute = path if path.is_absolute() else Path.cwd() / path
    try:
        return absolute.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except (ValueError, OSError):
        return path.as_posix()


class LineFinder:
    """1-based lines of requirement strings in a file, searched onwards from the last one found
    (a requirement on a continued line is found at its first line; one not found: line 1)."""

    def __init__(self, path: Path) -> None:
        try:
            self.lines = path.read_text("utf-8", "replace").splitlines()
        except OSError:
            self.lines = []
        self.at = 0

    def find(self, text: str) -> int:
        for i in range(self.at, len(self.lines)):
            if text in self.lines[i]:
                self.at = i + 1
                return i + 1
        return 1


class LockfileSource:
    name = "lockfile"

    def claims(self, request: Request) -> bool:
        path = Path(request.spec)
        return is_dependency_file(path) and path.is_file()

    def resolve(self, request: Request, context: ResolveContext) -> list[Package | Request]:
        path = Path(request.spec)
        try:
            depfile = parse(path)
        except DepFileError as exc:
            return [Package(target=request.shown, error=str(exc))]
        shown_file = origin_path(path)
        requests: list[Package | Request] = []
        for dep in depfile.dependencies:
            pin = f"{dep.name}=={dep.version}" if dep.version else (dep.requirement or dep.name)
            requests.append(Request(pin, f"{path.name}: {pin}", source="locked",
                                    origin=(shown_file, dep.line), payload=dep))
        return requests


class LockedSource:
    name = "locked"

    def claims(self, request: Request) -> bool:
        return False  # only what LockfileSource hands over

    def resolve(self, request: Request, context: ResolveContext) -> list[Package | Request]:
        dep = request.payload
        assert isinstance(dep, Dependency) and context.download_dir is not None
        base = {"target": request.shown, "name": dep.name, "origin": request.origin}
        if dep.error:
            return [Package(**base, version=dep.version, error=dep.error)]
        client = context.client or IndexClient()
        if dep.index_url and dep.index_url.startswith("https://"):
            # The lock names a private index: asking the default one instead invites dependency confusion.
            client = IndexClient(dep.index_url, client.timeout, client.max_bytes)
        try:
            chosen = _newest(dep, client) if dep.version is None else _locked_files(dep, client)
            packages = []
            for release_file, expected in chosen:
                local = _download(client, release_file, context.download_dir / dep.name, expected, dep.file.name)
                packages.append(Package(**base, source=local, version=str(release_file.version),
                                        unpinned=dep.version is None))
            return packages
        except IndexError_ as exc:
            return [Package(**base, version=dep.version, error=f"fetch failed: {exc}")]


Chosen = list[tuple[ReleaseFile, frozenset[str]]]  # a file and the sha256s the lock allows for it


def _newest(dep: Dependency, client: IndexClient) -> Chosen:
    return [(f, frozenset()) for f in client.release_files(dep.name, None)]


def _fetchable(url: str, client: IndexClient) -> bool:
    """https, or the configured index's own host (a private or test index the user named)."""
    parts, index = urllib.parse.urlsplit(url), urllib.parse.urlsplit(client.index_url)
    return parts.scheme == "https" or (parts.scheme, parts.netloc) == (index.scheme, index.netloc)


def _locked_files(dep: Dependency, client: IndexClient) -> Chosen:
    assert dep.version is not None
    try:
        version = Version(dep.version)
    except InvalidVersion as exc:
        raise IndexError_(f"{dep.name}=={dep.version}: not a valid version") from exc
    allowed = dep.sha256s
    direct: list[ReleaseFile] = []
    for artifact in dep.artifacts:
        parsed = parse_archive_filename(artifact.filename or "")
        if artifact.url and parsed is not None and _fetchable(artifact.url, client):
            # The lock's hash is checked after the download (_download), with a message naming the lock.
            direct.append(ReleaseFile(artifact.filename or "", artifact.url, version, parsed.kind))
    if direct:
        files = direct
    else:
        files = [f for f in client.list_files(dep.name) if f.version == version]
        if not files:
            raise IndexError_(f"{dep.name}=={dep.version}: no such release on {client.index_url}")
        names = {a.filename for a in dep.artifacts if a.filename}
        if names:
            files = [f for f in files if f.filename in names]
        elif allowed:
            files = [f for f in files if f.sha256 is None or f.sha256 in allowed]
        if not files:
            raise IndexError_(f"{dep.name}=={dep.version}: no release file on {client.index_url} "
                              f"matches the files or hashes recorded in {dep.file.name}")
    by_name = {a.filename: a.sha256 for a in dep.artifacts if a.filename and a.sha256}
    return [(f, frozenset({by_name[f.filename]}) if f.filename in by_name else allowed) for f in _pick(files)]


def _pick(files: list[ReleaseFile]) -> list[ReleaseFile]:
    """The sdist and one wheel (a pure-Python one first), as the index client picks them."""
    sdists = [f for f in files if f.kind == "sdist"]
    wheels = sorted((f for f in files if f.kind != "sdist"),
                    key=lambda f: (not f.filename.endswith("-none-any.whl"), f.filename))
    return sdists[:1] + wheels[:1]


def _download(client: IndexClient, release_file: ReleaseFile, dest: Path, expected: frozenset[str],
              lockfile: str) -> Path:
    """Download (the index's own sha256 checked by the client), then check the lock's."""
    local = client.download(release_file, dest)
    if expected:
        digest = hashlib.sha256(local.read_bytes()).hexdigest()
        if digest not in expected:
            local.unlink(missing_ok=True)
            raise IndexError_(f"{release_file.filename}: sha256 {digest[:16]}… does not match the hash "
                              f"recorded in {lockfile}")
    return local
