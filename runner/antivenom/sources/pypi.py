"""`pypi:NAME[==VERSION]` (and every requirement of a requirements file): the release's sdist
and one wheel, fetched from the index as bytes (index_client.py), never through pip."""

from __future__ import annotations

from packaging.requirements import InvalidRequirement, Requirement

from ..index_client import IndexClient, IndexError_
from ..model import Package
from . import Request, ResolveContext

PYPI_PREFIX = "pypi:"


class PypiSource:
    name = "pypi"

    def claims(self, request: Request) -> bool:
        return request.spec.startswith(PYPI_PREFIX)

    def resolve(self, request: Request, context: ResolveContext) -> list[Package | Request]:
        text = request.spec.removeprefix(PYPI_PREFIX).strip()
        if context.download_dir is None:
            raise ValueError("index targets need a download directory")
        packages = fetch(text, request.shown, context.client or IndexClient(), context)
        for package in packages:
            package.origin = request.origin  # a requirements file's line, when it came from one
        return packages


def fetch(requirement_text: str, target: str, client: IndexClient, context: ResolveContext) -> list[Package]:
    try:
        requirement = Requirement(requirement_text)
    except InvalidRequirement as exc:
        return [Package(target=target, error=f"invalid requirement: {exc}")]
    if requirement.url:
        return [Package(target=target, name=requirement.name,
                        error=f"direct URL requirement ({requirement.url}) is not fetched: scan the file itself")]
    pins = [s.version for s in requirement.specifier if s.operator in ("==", "===") and "*" not in s.version]
    version = pins[0] if pins else None
    assert context.download_dir is not None
    try:
        files = client.release_files(requirement.name, version)
        if not files:
            raise IndexError_(f"{requirement.name}: no sdist or wheel to scan")
        packages = []
        for release_file in files:
            local = client.download(release_file, context.download_dir / requirement.name)
            packages.append(Package(target=target, source=local, name=requirement.name,
                                    version=str(release_file.version), unpinned=version is None))
        return packages
    except IndexError_ as exc:
        return [Package(target=target, name=requirement.name, version=version, error=f"fetch failed: {exc}")]
