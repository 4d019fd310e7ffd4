"""poetry.lock: `[[package]]` tables with `files = [{file, hash}]` (Poetry >= 1.2) or, in the
old format, `[metadata.files]` keyed by name; `[package.source]` marks non-index packages."""

from __future__ import annotations

from pathlib import Path

from .base import (
    Artifact,
    Dependency,
    DepFile,
    as_dict,
    as_list,
    canonical,
    http_url,
    sha256_of,
    toml_lock,
    too_many,
)


def _files(entries: object) -> tuple[Artifact, ...]:
    artifacts = []
    for entry in as_list(entries):
        entry = as_dict(entry)
        filename = entry.get("file")
        if isinstance(filename, str) and "/" not in filename and "\\" not in filename:
            artifacts.append(Artifact(filename=filename, sha256=sha256_of(entry.get("hash"))))
    return tuple(artifacts)


def _source(source: dict) -> tuple[str | None, str | None]:
    """(error, index_url) for `[package.source]`."""
    kind = source.get("type")
    if not source:
        return None, None
    if kind == "legacy":  # a secondary index (a `[[tool.poetry.source]]`)
        url = http_url(source.get("url"))
        return (None, url) if url else (f"index {str(source.get('url'))[:200]!r} is not an http(s) URL", None)
    return (f"{kind} source ({str(source.get('url'))[:200]}) is not fetched: "
            "only index releases with recorded hashes are"), None


def parse(path: Path, text: str) -> DepFile:
    document, result, entries = toml_lock(path, text, "package", "poetry.lock")
    old_files = {canonical(k): v for k, v in as_dict(as_dict(document.get("metadata")).get("files")).items()
                 if isinstance(k, str)}
    for entry in entries:
        line, table, name, version = entry.line, entry.table, entry.name, entry.version
        error, index_url = _source(as_dict(table.get("source")))
        if error is None and table.get("develop") is True:
            error = "editable path dependency is not fetched: scan the path itself"
        if error is None and version is None:
            error = f"missing or invalid `version` ({str(table.get('version'))[:50]!r})"
        groups = [g for g in as_list(table.get("groups")) if isinstance(g, str)]
        category = table.get("category")
        group = groups[0] if groups else category if isinstance(category, str) else None
        files = _files(table["files"]) if "files" in table else _files(old_files.get(canonical(name)))
        result.dependencies.append(Dependency(
            name=name, version=version, file=path, line=line,
            requirement=f"{name}=={version}" if version else name,
            artifacts=files, index_url=index_url, group=group, error=error))
    extra = too_many(path, len(as_list(document.get("package"))))
    if extra:
        result.dependencies.append(extra)
    return result
