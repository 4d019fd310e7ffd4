"""What every dependency-file parser produces, and the checks they share.

A dependency file is data written by whoever controls the repository or the
package being scanned: every field is type-checked, every entry that cannot be
read becomes a `Dependency` with an `error` (never an exception, never silently
dropped), and the file is read with a size cap.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import tomllib
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

MAX_FILE_BYTES = 32 * 1024 * 1024  # the largest real lockfiles are a few MB
MAX_ENTRIES = 20_000  # packages per file; the rest is reported as one error entry

_NAME = re.compile(r"^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$", re.IGNORECASE)
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class DepFileError(Exception):
    """The whole file cannot be read (too big, not TOML/JSON, wrong top-level shape)."""


@dataclass(frozen=True)
class Artifact:
    """One release file the lock allows. A lock may name a file without a URL (poetry.lock)
    or only list hashes (Pipfile.lock): then the index is asked and the hash must match."""

    url: str | None = None
    filename: str | None = None
    sha256: str | None = None
    size: int | None = None


@dataclass(frozen=True)
class Dependency:
    """One dependency as declared: the unit a dependency-file scan fetches and reports.

    `version` None means "not pinned": the newest release is scanned, and the report says so.
    `line` is 1-based, where the dependency is declared (the SARIF location for its findings).
    `error` set means the entry must not (or cannot) be fetched: it becomes an `error` package.
    """

    name: str
    version: str | None
    file: Path
    line: int
    requirement: str = ""  # the declaration as text, e.g. "requests>=2" or "requests==2.32.3"
    artifacts: tuple[Artifact, ...] = ()
    index_url: str | None = None  # the registry the lock recorded, when it is not the default
    group: str | None = None  # "default", "develop", an extra or a dependency group
    error: str | None = None

    @property
    def sha256s(self) -> frozenset[str]:
        return frozenset(a.sha256 for a in self.artifacts if a.sha256)


@dataclass
class DepFile:
    path: Path
    kind: str  # "uv.lock" | "poetry.lock" | "Pipfile.lock" | "pylock.toml" | "pyproject.toml" | "requirements"
    dependencies: list[Dependency] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # entries deliberately not fetched (the project itself)


def read_capped(path: Path, max_bytes: int = MAX_FILE_BYTES) -> str:
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise DepFileError(f"{path.name}: cannot read: {exc.strerror or exc}") from exc
    if len(data) > max_bytes:
        raise DepFileError(f"{path.name}: larger than {max_bytes} bytes, not parsed")
    return data.decode("utf-8", "replace")


def valid_name(value: object) -> str | None:
    """A PEP 508 project name, or None: a name ends up in paths and URLs."""
    return value if isinstance(value, str) and len(value) <= 200 and _NAME.match(value) else None


def valid_version(value: object) -> str | None:
    if not isinstance(value, str) or len(value) > 100:
        return None
    try:
        Version(value)
    except InvalidVersion:
        return None
    return value


def sha256_of(value: object) -> str | None:
    """`sha256:<hex>` (uv, poetry, Pipfile) or bare hex (pylock) -> lowercase hex, else None."""
    if not isinstance(value, str):
        return None
    algorithm, sep, digest = value.partition(":")
    if not sep:
        algorithm, digest = "sha256", value
    digest = digest.strip().lower()
    return digest if algorithm.strip().lower() == "sha256" and _SHA256.match(digest) else None


def http_url(value: object) -> str | None:
    """Only http(s) URLs are fetched: a `file:` or relative URL reads the runner's own disk."""
    if isinstance(value, str) and value.lower().startswith(("https://", "http://")) and len(value) <= 4096:
        return value
    return None


def filename_of(url: str | None) -> str | None:
    if not url:
        return None
    name = url.split("#", 1)[0].split("?", 1)[0].rsplit("/", 1)[-1]
    return name or None


def as_list(value: object) -> list:
    return value if isinstance(value, list) else []


def as_dict(value: object) -> dict:
    return value if isinstance(value, dict) else {}


def canonical(name: str) -> str:
    return canonicalize_name(name)


class TableLines:
    """1-based lines of the `[[header]]` array-of-tables entries of a TOML text, in order.

    tomllib gives no positions; arrays of tables keep file order, so the n-th parsed entry
    is the n-th header. Within an entry, the line of its `name = ...` key is preferred.
    A hostile file (a header inside a multi-line string) can only shift a line, never crash.
    """

    def __init__(self, text: str, header: str) -> None:
        self.lines = text.splitlines()
        wanted = f"[[{header}]]"
        self.starts = [i for i, raw in enumerate(self.lines) if raw.split("#", 1)[0].strip() == wanted]

    def line(self, index: int, key: str = "name") -> int:
        if index >= len(self.starts):
            return 1
        start = self.starts[index]
        end = self.starts[index + 1] if index + 1 < len(self.starts) else len(self.lines)
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
        for i in range(start + 1, end):
            if pattern.match(self.lines[i]):
                return i + 1
            if self.lines[i].lstrip().startswith("["):  # a sub-table: the key is not here
                break
        return start + 1


def find_line(lines: list[str], needle: str, start: int = 0) -> int | None:
    """1-based line of the first line at or after `start` (0-based) containing `needle`."""
    for i in range(max(start, 0), len(lines)):
        if needle in lines[i]:
            return i + 1
    return None


def too_many(path: Path, kind_count: int) -> Dependency | None:
    if kind_count <= MAX_ENTRIES:
        return None
    return Dependency(name="<more entries>", version=None, file=path, line=1,
                      error=f"{kind_count} entries; only the first {MAX_ENTRIES} are read")


@dataclass
class LockEntry:
    """One `[[package]]` table of a TOML lockfile whose name is valid."""

    line: int
    table: dict
    name: str
    version: str | None


def toml_lock(path: Path, text: str, key: str, kind: str) -> tuple[dict, DepFile, Iterator[LockEntry]]:
    """Parse a TOML lockfile (uv.lock, poetry.lock, pylock.toml): the document, the DepFile to fill,
    and its first MAX_ENTRIES `[[key]]` tables with a valid name; an entry without one is recorded
    in the DepFile as an error dependency and not yielded."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DepFileError(f"{path.name}: not valid TOML: {exc}") from exc
    packages = document.get(key, [])
    if not isinstance(packages, list):
        raise DepFileError(f"{path.name}: `{key}` must be an array of tables")
    result = DepFile(path, kind)

    def entries() -> Iterator[LockEntry]:
        lines = TableLines(text, key)
        for index, raw in enumerate(packages[:MAX_ENTRIES]):
            line = lines.line(index)
            table = as_dict(raw)
            name, version = valid_name(table.get("name")), valid_version(table.get("version"))
            if name is None:
                result.dependencies.append(Dependency(name=f"<package {index + 1}>", version=None, file=path,
                                                      line=line, error="missing or invalid `name`"))
                continue
            yield LockEntry(line, table, name, version)

    return document, result, entries()
