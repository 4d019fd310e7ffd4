"""`pypi:NAME[==VERSION]` (and every requirement of a requirements file): the release's sdist
and one wheel, fetched from the index as bytes (index_client.py), never through pip.

A requirement from a requirements file carries `IndexOptions`: the file's own indexes, its
`--hash` pins (verified on the bytes downloaded), `-c` constraints and `--pre`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, SpecifierSet

from ..bounded import bounded
from ..index_client import Hashes, IndexClient, IndexError_, NotFoundError
from ..model import Package
from . import Request, ResolveContext

PYPI_PREFIX = "pypi:"


@dataclass(frozen=True)
class IndexOptions:
    """How to fetch one requirement, beyond its text."""

    indexes: tuple[str, ...] = ()  # empty: the run's client
    hashes: Hashes = field(default_factory=dict)
    pre: bool = False
    constraint: str = ""  # specifiers from -c files for this name
    error: str | None = None  # the requirement cannot be honoured (a refused index URL)


class PypiSource:
    name = "pypi"

    def claims(self, request: Request) -> bool:
        return request.spec.startswith(PYPI_PREFIX)

    def resolve(self, request: Request, context: ResolveContext) -> list[Package | Request]:
        text = request.spec.removeprefix(PYPI_PREFIX).strip()
        if context.download_dir is None:
            raise ValueError("index targets need a download directory")
        options = request.options if isinstance(request.options, IndexOptions) else IndexOptions()
        packages = fetch(text, request.shown, context.client or IndexClient(), context, options)
        for package in packages:
            package.origin = request.origin  # a requirements file's line, when it came from one
        return packages


def fetch(requirement_text: str, target: str, client: IndexClient, context: ResolveContext,
          options: IndexOptions | None = None) -> list[Package]:
    """The release files of one requirement, downloaded and verified; failures become error packages.
    With extra indexes every index is asked (pip picks the best version across all of them, so
    any could serve it): a missing project there is fine, any other failure is an error."""
    options = options or IndexOptions()
    if options.error is not None:
        return [Package(target=target, error=options.error)]
    try:
        requirement = Requirement(requirement_text)
        specifier = requirement.specifier & SpecifierSet(options.constraint)
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
    assert context.download_dir is not None
    clients = [IndexClient(url, client.timeout, client.max_bytes) if url else client for url in options.indexes]
    packages, failures = [], []
    for number, index in enumerate(clients or [client]):
        try:
            files = index.release_files(requirement.name, version, options.hashes or None, options.pre)
            if not files:
                raise IndexError_(f"{requirement.name}: no sdist or wheel to scan")
            folder = context.download_dir / requirement.name / (f"index{number}" if number else "")
            for release_file in files:
                local = index.download(release_file, folder, options.hashes or None)
                packages.append(Package(target=target, source=local, name=requirement.name,
                                        version=str(release_file.version), unpinned=version is None))
        except NotFoundError as exc:
            failures.append((exc, len(clients) > 1))
        except IndexError_ as exc:
            failures.append((exc, False))
    errors = [exc for exc, expected in failures if not expected or not packages]
    return packages + [Package(target=target, name=requirement.name, version=version,
                               error=f"fetch failed: {bounded(exc)}") for exc in errors]
