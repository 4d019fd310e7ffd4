"""uv.lock: `[[package]]` tables with `source`, `sdist = {url, hash, size}` and `wheels = [...]`."""

from __future__ import annotations

from pathlib import Path

from .base import (
    Artifact,
    Dependency,
    DepFile,
    as_dict,
    as_list,
    filename_of,
    http_url,
    sha256_of,
    toml_lock,
    too_many,
)

PYPI_SIMPLE = ("https://pypi.org/simple", "https://pypi.org/simple/")


def _artifact(entry: object) -> Artifact | None:
    entry = as_dict(entry)
    url = http_url(entry.get("url"))
    if url is None:
        return None
    size = entry.get("size")
    return Artifact(url=url, filename=filename_of(url), sha256=sha256_of(entry.get("hash")),
                    size=size if isinstance(size, int) and not isinstance(size, bool) else None)


def _source_problem(source: dict) -> tuple[str | None, str | None, bool]:
    """(error, index_url, is_the_project_itself) for one package's `source` table."""
    if "registry" in source:
        registry = source["registry"]
        if http_url(registry) is None:
            return f"local registry {registry!r} is not fetched: scan that folder itself", None, False
        return None, (None if registry in PYPI_SIMPLE else registry), False
    if "editable" in source or "virtual" in source:
        return None, None, True
    for kind in ("git", "directory", "path"):
        if kind in source:
            return (f"{kind} source ({str(source[kind])[:200]}) is not fetched: "
                    "only index releases with recorded hashes are"), None, False
    if "url" in source:
        return None, None, False
    return "no recognised `source` (registry, url, git, path, editable)", None, False


def parse(path: Path, text: str) -> DepFile:
    document, result, entries = toml_lock(path, text, "package", "uv.lock")
    for entry in entries:
        line, table, name, version = entry.line, entry.table, entry.name, entry.version
        error, index_url, itself = _source_problem(as_dict(table.get("source")))
        if itself:
            result.notes.append(f"{name} (line {line}): the project or a workspace member, not fetched")
            continue
        sdist = _artifact(table.get("sdist")) if "sdist" in table else None
        artifacts = tuple(a for a in (sdist, *map(_artifact, as_list(table.get("wheels")))) if a is not None)
        if error is None and version is None:
            error = f"missing or invalid `version` ({str(table.get('version'))[:50]!r})"
        if error is None and "url" in as_dict(table.get("source")) and not any(a.sha256 for a in artifacts):
            error = "direct URL source without a recorded sha256 is not fetched"
        result.dependencies.append(Dependency(
            name=name, version=version, file=path, line=line,
            requirement=f"{name}=={version}" if version else name,
            artifacts=artifacts, index_url=index_url, error=error))
    extra = too_many(path, len(as_list(document.get("package"))))
    if extra:
        result.dependencies.append(extra)
    return result
