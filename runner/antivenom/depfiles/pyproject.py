"""pyproject.toml: `[project]` dependencies and optional-dependencies, and PEP 735
`[dependency-groups]` (with `{include-group = "..."}`). Requirements are PEP 508 strings:
a `==` pin is scanned at that version, anything else at the newest release."""

from __future__ import annotations

import re
from pathlib import Path

import tomllib
from packaging.requirements import InvalidRequirement, Requirement

from .base import MAX_ENTRIES, Dependency, DepFile, DepFileError, as_dict, canonical, find_line, valid_version

_MAX_INCLUDE_DEPTH = 32


def pinned_version(requirement: Requirement) -> str | None:
    """The version an `==`/`===` pin names (no wildcard), else None: newest release."""
    pins = [s.version for s in requirement.specifier if s.operator in ("==", "===") and "*" not in s.version]
    return valid_version(pins[0]) if pins else None


def dependency_from_requirement(text: str, path: Path, line: int, group: str | None) -> Dependency:
    """One PEP 508 requirement string as a Dependency (shared with requirements files)."""
    try:
        requirement = Requirement(text)
    except InvalidRequirement as exc:
        return Dependency(name=text[:100] or "<empty>", version=None, file=path, line=line, requirement=text,
                          group=group, error=f"invalid requirement: {exc}")
    if requirement.url:
        return Dependency(name=requirement.name, version=None, file=path, line=line, requirement=text, group=group,
                          error=f"direct URL requirement ({requirement.url[:200]}) is not fetched: scan it itself")
    return Dependency(name=requirement.name, version=pinned_version(requirement), file=path, line=line,
                      requirement=text, group=group)


class _Locator:
    """Lines of requirement strings: searched from a table's header, then from the last hit,
    so the same string in two lists gets two lines."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()

    def header(self, name: str) -> int:
        pattern = re.compile(rf"^\s*\[\s*{re.escape(name)}\s*\]")
        return next((i for i, raw in enumerate(self.lines) if pattern.match(raw)), 0)

    def key(self, key: str, start: int) -> int:
        pattern = re.compile(rf'^\s*"?{re.escape(key)}"?\s*=')
        return next((i for i in range(start, len(self.lines)) if pattern.match(self.lines[i])), start)

    def string(self, value: str, start: int) -> int:
        for quoted in (f'"{value}"', f"'{value}'", value):
            found = find_line(self.lines, quoted, start)
            if found:
                return found
        return start + 1


def parse(path: Path, text: str) -> DepFile:
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DepFileError(f"{path.name}: not valid TOML: {exc}") from exc
    locator = _Locator(text)
    result = DepFile(path, "pyproject.toml")
    seen: set[tuple[str, str]] = set()

    def add(values: object, group: str | None, start: int) -> None:
        if not isinstance(values, list):
            line = start + 1
            result.dependencies.append(Dependency(name=f"<{group or 'dependencies'}>", version=None, file=path,
                                                  line=line, group=group, error="must be a list of strings"))
            return
        cursor = start
        for value in values:
            if len(result.dependencies) >= MAX_ENTRIES:
                return
            if isinstance(value, dict):
                continue  # an include-group, expanded by the caller
            if not isinstance(value, str):
                result.dependencies.append(Dependency(name=f"<{group or 'dependencies'}>", version=None, file=path,
                                                      line=cursor + 1, group=group,
                                                      error=f"not a requirement string: {str(value)[:80]!r}"))
                continue
            line = locator.string(value, cursor)
            cursor = line - 1
            dependency = dependency_from_requirement(value, path, line, group)
            key = (canonical(dependency.name) if dependency.error is None else dependency.name, value)
            if key not in seen:
                seen.add(key)
                result.dependencies.append(dependency)

    project = as_dict(document.get("project"))
    if "dependencies" in project:
        add(project["dependencies"], None, locator.key("dependencies", locator.header("project")))
    elif "dependencies" in [d for d in project.get("dynamic", []) if isinstance(d, str)]:
        result.notes.append("[project] dependencies are dynamic: declared by the build backend, not read")
    extras = project.get("optional-dependencies", {})
    if isinstance(extras, dict):
        start = locator.header("project.optional-dependencies")
        for extra, values in extras.items():
            add(values, f"extra:{extra}", locator.key(extra, start))
    groups = document.get("dependency-groups", {})
    if not isinstance(groups, dict):
        result.dependencies.append(Dependency(name="<dependency-groups>", version=None, file=path,
                                              line=locator.header("dependency-groups") + 1,
                                              error="[dependency-groups] must be a table"))
        groups = {}
    start = locator.header("dependency-groups")

    def expand(group: str, chain: tuple[str, ...]) -> None:
        line = locator.key(group, start)
        if group not in groups:
            result.dependencies.append(Dependency(name=f"<group {group[:80]}>", version=None, file=path,
                                                  line=line + 1, group=chain[0] if chain else group,
                                                  error=f"include-group names an undefined group {group[:80]!r}"))
            return
        if group in chain or len(chain) > _MAX_INCLUDE_DEPTH:
            result.dependencies.append(Dependency(name=f"<group {group[:80]}>", version=None, file=path,
                                                  line=line + 1, group=chain[0],
                                                  error=f"include-group cycle: {' -> '.join((*chain, group))}"))
            return
        values = groups[group]
        label = f"group:{chain[0] if chain else group}"
        add(values, label, line)
        for value in values if isinstance(values, list) else []:
            if isinstance(value, dict):
                included = value.get("include-group")
                if isinstance(included, str):
                    expand(included, (*chain, group))
                else:
                    result.dependencies.append(Dependency(name=f"<group {group[:80]}>", version=None, file=path,
                                                          line=line + 1, group=label,
                                                          error="a table in a dependency group must be "
                                                                "{include-group = \"name\"}"))

    for group in list(groups):
        if isinstance(group, str):
            expand(group, ())
    return result
