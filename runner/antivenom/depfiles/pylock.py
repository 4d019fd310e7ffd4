"""pylock.toml (PEP 751): `[[packages]]` with `sdist`, `[[packages.wheels]]`, `archive`, `vcs` or
`directory`; hashes as `hashes = {sha256 = "..."}`; `index` names the registry."""

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


def _artifact(entry: object) -> Artifact | None:
    entry = as_dict(entry)
    url = http_url(entry.get("url"))
    if url is None:
        return None
    filename = entry.get("name") if isinstance(entry.get("name"), str) else filename_of(url)
    size = entry.get("size")
    return Artifact(url=url, filename=filename, sha256=sha256_of(as_dict(entry.get("hashes")).get("sha256")),
                    size=size if isinstance(size, int) and not isinstance(size, bool) else None)


def parse(path: Path, text: str) -> DepFile:
    document, result, entries = toml_lock(path, text, "packages", "pylock.toml")
    for entry in entries:
        line, table, name, version = entry.line, entry.table, entry.name, entry.version
        error = None
        for kind in ("vcs", "directory"):
            if kind in table:
                source = as_dict(table[kind])
                where = source.get("url") or source.get("path")
                error = f"{kind} source ({str(where)[:200]}) is not fetched: only index releases with hashes are"
                break
        raw_artifacts = [table.get("sdist"), *as_list(table.get("wheels")), table.get("archive")]
        present = [a for a in raw_artifacts if a is not None]
        artifacts = tuple(a for a in map(_artifact, present) if a is not None)
        if error is None and present and not artifacts:
            error = "artifacts are local paths, not URLs: not fetched"
        if error is None and "archive" in table and not any(a.sha256 for a in artifacts):
            error = "archive without a recorded sha256 is not fetched"
        if error is None and version is None and "archive" not in table:
            error = f"missing or invalid `version` ({str(table.get('version'))[:50]!r})"
        index_url = http_url(table.get("index"))
        if error is None and "index" in table and index_url is None:
            error = f"index {str(table.get('index'))[:80]!r} is not an http(s) URL"
        if index_url and index_url.rstrip("/") == "https://pypi.org/simple":
            index_url = None
        result.dependencies.append(Dependency(
            name=name, version=version, file=path, line=line,
            requirement=f"{name}=={version}" if version else name,
            artifacts=artifacts, index_url=index_url, error=error))
    extra = too_many(path, len(as_list(document.get("packages"))))
    if extra:
        result.dependencies.append(extra)
    return result
