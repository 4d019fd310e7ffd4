"""User-owned suppressions: an ignore file of rule id + path glob + reason.

Suppressed findings stay in the report, marked with their reason, and no
longer count toward the verdict. Comments inside scanned code (`# nosemgrep`)
are written by the package's author — the adversary — so they are not honoured
unless the user says the code is their own (`--honour-inline-ignores`).
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from packaging.utils import canonicalize_name

from .model import Finding
from .schemas import errors

INLINE_MARKER = re.compile(rb"#\s*(?:nosemgrep|nosem|antivenom:\s*ignore)\b(?:\[?:?\s*([\w\-, ]+)\]?)?")


@dataclass(frozen=True)
class IgnoreEntry:
    rule: str  # a rule id or a glob over ids
    path: str  # an fnmatch glob over the path inside the package: `*` crosses `/`
    reason: str
    package: str = "*"  # a glob over the package name


@dataclass
class Suppressions:
    entries: list[IgnoreEntry] = field(default_factory=list)
    honour_inline: bool = False
    package_name: str = ""

    @classmethod
    def load(cls, path: Path, honour_inline: bool = False) -> Suppressions:
        try:
            data = yaml.safe_load(path.read_text()) or {}
        except yaml.YAMLError as exc:  # exit 2 like a schema error, not a traceback and exit 1
            raise ValueError(f"{path}: not valid YAML: {exc}") from exc
        problems = errors("ignore-file.schema.json", data)
        if problems:
            raise ValueError(f"{path}: " + "; ".join(problems))
        entries = [IgnoreEntry(e["rule"], e.get("path", "*"), e["reason"], e.get("package", "*"))
                   for e in data.get("ignore", [])]
        return cls(entries, honour_inline)

    def reason_for(self, finding: Finding, package_name: str | None = None, line_text: bytes = b"") -> str | None:
        for entry in self.entries:
            if (fnmatch.fnmatchcase(finding.rule_id, entry.rule)
                    and fnmatch.fnmatchcase(finding.path, entry.path)
                    and fnmatch.fnmatchcase(canonicalize_name(package_name or ""), canonicalize_name(entry.package))):
                return f"ignore file: {entry.reason}"
        if self.honour_inline and line_text:
            marker = INLINE_MARKER.search(line_text)
            if marker:
                named = marker.group(1)
                ids = {i.strip() for i in named.decode().split(",")} if named else set()
                if not ids or finding.rule_id in ids:
                    return "inline comment in the scanned code"
        return None
