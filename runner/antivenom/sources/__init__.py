"""Turn what the user named into packages: one source per kind of target, and a registry.

Every target becomes a `Request`; the first registered source that claims it resolves it
into packages, or into further requests (a requirements file names index requirements),
which are resolved in turn - in parallel, since index fetches wait on the network, and in
the order named. A package leaves here final: its name and version are the ones the report
shows. An archive's are provisional (from its file name) until `unpack` extracts it and
reads its own metadata; the scanner calls `unpack` and never decides identity itself.

Nothing here scans; index files are fetched as bytes only, never through pip.
To add a source (a lockfile, say): one module with a class like those below, and one line
in REGISTRY - see CONTRIBUTING.md, "Add a source".
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ..index_client import IndexClient
from ..model import Package


@dataclass(frozen=True)
class Request:
    spec: str  # what to resolve: a path, pypi:NAME, a requirement string
    shown: str  # the report's `target` for its packages
    source: str | None = None  # a source's name, when the request says which (a -r file, a requirement)
    options: Any = None  # what that source needs beyond the spec (pypi.IndexOptions: indexes, --hash pins)
    origin: tuple[str, int] | None = None  # (dependency file, 1-based line): becomes Package.origin
    payload: object = field(default=None, compare=False)  # what the parent source parsed (a locked Dependency)


@dataclass(frozen=True)
class ResolveContext:
    client: IndexClient | None = None
    download_dir: Path | None = None  # index downloads go here (the caller owns and removes it)


class Source(Protocol):
    name: str

    def claims(self, request: Request) -> bool: ...

    def resolve(self, request: Request, context: ResolveContext) -> list[Package | Request]: ...


# Tried in this order; the first that claims a request resolves it. "module:Class", imported when used.
REGISTRY: dict[str, str] = {
    "pypi": "antivenom.sources.pypi:PypiSource",
    "requirements": "antivenom.sources.requirements:RequirementsSource",
    "lockfile": "antivenom.sources.lockfile:LockfileSource",  # uv.lock, poetry.lock, Pipfile.lock, pylock, pyproject
    "locked": "antivenom.sources.lockfile:LockedSource",  # one lockfile entry (claims nothing by itself)
    "archive-folder": "antivenom.sources.local:ArchiveFolderSource",
    "directory": "antivenom.sources.local:DirectorySource",
    "archive": "antivenom.sources.local:ArchiveSource",
    "single-file": "antivenom.sources.single_file:SingleFileSource",  # a lone setup.py / module / .pth
    "unknown": "antivenom.sources.local:UnknownSource",  # last: an error package, never a guess
}


def register(name: str, spec: str, before: str | None = "unknown") -> None:
    """Add a source ("module:Class"), tried before `before` (default: before the catch-all)."""
    items = [(k, v) for k, v in REGISTRY.items() if k != name]
    at = next((i for i, (k, _) in enumerate(items) if k == before), len(items))
    items.insert(at, (name, spec))
    REGISTRY.clear()
    REGISTRY.update(items)


def _sources() -> list[Source]:
    found = []
    for spec in REGISTRY.values():
        module, _, attribute = spec.partition(":")
        found.append(getattr(importlib.import_module(module), attribute)())
    return found


def _resolve_one(request: Request, sources: list[Source], context: ResolveContext) -> list[Package | Request]:
    for source in sources:
        if (source.name == request.source) if request.source else source.claims(request):
            return source.resolve(request, context)
    raise ValueError(f"no source named {request.source!r}")


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
    sources = _sources()
    context = ResolveContext(client, download_dir)
    pending: list[Package | Request] = [Request(t, t) for t in targets]
    pending += [Request(str(f), str(f), source="lockfile" if is_dependency_file(Path(f)) else "requirements")
                for f in requirement_files]
    with ThreadPoolExecutor(max_workers=fetch_workers) as pool:
        while any(isinstance(item, Request) for item in pending):
            requests = [item for item in pending if isinstance(item, Request)]
            results = iter(pool.map(lambda r: _resolve_one(r, sources, context), requests))
            pending = [p for item in pending for p in (next(results) if isinstance(item, Request) else [item])]
    return [p for p in pending if isinstance(p, Package)]


# The public helpers of the sources, re-exported; imported last, since they import the names above.
from ..filenames import name_version_from_filename  # noqa: E402
from .local import archive_package, unpack  # noqa: E402
from .lockfile import is_dependency_file  # noqa: E402
from .metadata import read_metadata  # noqa: E402
from .pypi import PYPI_PREFIX  # noqa: E402
from .requirements import is_requirements_file  # noqa: E402

__all__ = ["PYPI_PREFIX", "REGISTRY", "Request", "ResolveContext", "Source", "archive_package",
           "is_dependency_file", "is_requirements_file", "name_version_from_filename", "read_metadata", "register",
           "resolve", "unpack"]
