"""Requirements files: every requirement becomes an index request (sources/pypi.py).

The file format is requirements_file.parse's: -r/-c followed, -c pins narrow the matching
requirements, the file's --index-url/--extra-index-url replace/extend the run's index for
its entries, --hash pins go with their requirement; lines that cannot be honoured (-e, URLs,
unknown options, unreadable includes) become error packages, never silent drops.
"""

from __future__ import annotations

from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from .. import filetypes, requirements_file
from ..bounded import bounded
from ..model import Package
from . import Request, ResolveContext
from .lockfile import origin_path
from .pypi import IndexOptions

_INDEX_SCHEMES = ("https://", "http://", "file://")


def is_requirements_file(path: Path) -> bool:
    """requirements.txt, requirements-dev.txt, constraints.in...: a text file of requirements
    (a FIFO or device of that name is not one: it becomes an error target, never opened)."""
    return path.suffix in (".txt", ".in") and filetypes.classify(path, follow_links=True).readable


def requirement_requests(path: Path) -> list[Package | Request]:
    """Every requirement of a requirements file and the files it includes, as index requests;
    what cannot be fetched is an error package in its place."""
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
    found: list[Package | Request] = []
    for entry in parsed.entries:
        target = f"{entry.origin}: {entry.text}"
        # (declaring file as the repository knows it, its line): SARIF and text point there.
        origin = (origin_path(path.parent / entry.origin), max(entry.line, 1))
        if entry.error is not None:
            found.append(Package(target=target, error=entry.error, origin=origin))
            continue
        if entry.constraint:
            continue  # a constraint installs nothing: it narrows the requirement of that name
        narrowing = constraints.get(canonicalize_name(Requirement(entry.text).name), [])
        hashes = entry.hashes or next((c.hashes for c in narrowing if c.hashes), {})
        specifiers = ",".join(str(Requirement(c.text).specifier) for c in narrowing if Requirement(c.text).specifier)
        options = IndexOptions(indexes, hashes, parsed.pre, specifiers, index_error)
        found.append(Request(entry.text, target, source="pypi", options=options, origin=origin))
    return found


class RequirementsSource:
    name = "requirements"

    def claims(self, request: Request) -> bool:
        return is_requirements_file(Path(request.spec))

    def resolve(self, request: Request, context: ResolveContext) -> list[Package | Request]:
        return requirement_requests(Path(request.spec))
