"""Pipfile.lock (JSON): `default` and `develop` map names to `{"version": "==x", "hashes": [...]}`;
`_meta.sources` lists the indexes. Entries with `git`, `path`, `file` or `editable` are local or VCS."""

from __future__ import annotations

import json
import re
from pathlib import Path

from .base import (
    MAX_ENTRIES,
    Artifact,
    Dependency,
    DepFile,
    DepFileError,
    as_dict,
    as_list,
    find_line,
    http_url,
    sha256_of,
    too_many,
    valid_name,
    valid_version,
)

_SECTIONS = ("default", "develop")


def _section_start(lines: list[str], section: str) -> int:
    pattern = re.compile(rf'^\s*"{section}"\s*:')
    return next((i for i, raw in enumerate(lines) if pattern.match(raw)), 0)


def _pin(value: object) -> str | None:
    if isinstance(value, str) and value.startswith("==") and "*" not in value:
        return valid_version(value[2:].strip())
    return None


def parse(path: Path, text: str) -> DepFile:
    try:
        document = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise DepFileError(f"{path.name}: not valid JSON: {exc}") from exc
    if not isinstance(document, dict):
        raise DepFileError(f"{path.name}: the top level must be an object")
    sources = {s.get("name"): http_url(s.get("url")) for s in map(as_dict, as_list(as_dict(document.get("_meta"))
                                                                                  .get("sources")))}
    lines = text.splitlines()
    result = DepFile(path, "Pipfile.lock")
    count = 0
    for section in _SECTIONS:
        start = _section_start(lines, section)
        for key, raw in as_dict(document.get(section)).items():
            count += 1
            if count > MAX_ENTRIES:
                continue
            line = find_line(lines, json.dumps(key) + ":", start) or find_line(lines, json.dumps(key), start) or 1
            entry = as_dict(raw)
            name = valid_name(key)
            if name is None:
                result.dependencies.append(Dependency(name=f"<{section} entry>", version=None, file=path, line=line,
                                                      group=section, error="invalid package name"))
                continue
            version, error = _pin(entry.get("version")), None
            for kind in ("git", "hg", "svn", "bzr", "path", "file"):
                if kind in entry:
                    error = f"{kind} dependency ({str(entry[kind])[:200]}) is not fetched: scan it itself"
                    break
            if error is None and entry.get("editable") is True:
                error = "editable dependency is not fetched: scan it itself"
            if error is None and version is None:
                error = f"not pinned with == ({str(entry.get('version'))[:50]!r}): a lock should pin every entry"
            index = entry.get("index")
            index_url = sources.get(index) if isinstance(index, str) else None
            if error is None and index is not None and index_url is None:
                # Falling back to PyPI for a privately indexed package invites dependency confusion.
                error = f"index {str(index)[:80]!r} is not an http(s) source in _meta.sources"
            if index_url and index_url.rstrip("/") == "https://pypi.org/simple":
                index_url = None
            artifacts = tuple(Artifact(sha256=digest) for digest in map(sha256_of, as_list(entry.get("hashes")))
                              if digest)
            result.dependencies.append(Dependency(
                name=name, version=version, file=path, line=line,
                requirement=f"{name}=={version}" if version else name,
                artifacts=artifacts, index_url=index_url, group=section, error=error))
    extra = too_many(path, count)
    if extra:
        result.dependencies.append(extra)
    return result
