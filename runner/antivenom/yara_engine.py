"""Compile the YARA pack once per run and match it over every file of a package.

YARA sees what Semgrep cannot: images, binaries, data files, `.pth` files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yara

from .rules import yara_dir, yara_rule_files

EVIDENCE_MAX_BYTES = 160


@dataclass(frozen=True)
class YaraHit:
    rule_id: str
    namespace: str
    meta: dict
    offset: int | None
    line: int | None
    evidence: str


def compile_rules(root: Path | None = None) -> yara.Rules:
    base = root or yara_dir()
    # Namespaced by file (its path under rules/yara) so two families may reuse a private rule name.
    filepaths = {p.relative_to(base).as_posix(): str(p) for p in yara_rule_files(base)}
    return yara.compile(filepaths=filepaths, includes=False, error_on_warning=True)


def _is_text(data: bytes) -> bool:
    return b"\x00" not in data[:8192]


def _render(data: bytes, matched: bytes, offset: int) -> tuple[int | None, str]:
    if _is_text(data):
        line = data.count(b"\n", 0, offset) + 1
        start = data.rfind(b"\n", 0, offset) + 1
        end = data.find(b"\n", offset)
        end = len(data) if end == -1 else end
        text = data[start:min(end, start + EVIDENCE_MAX_BYTES * 2)].decode("utf-8", "replace").strip()
        return line, text
    shown = matched[:EVIDENCE_MAX_BYTES]
    printable = shown.decode("latin-1")
    if all(32 <= ord(c) < 127 for c in printable):
        return None, f"offset {offset}: {printable!r}"
    return None, f"offset {offset}: {shown.hex(' ')}"


def match_file(rules: yara.Rules, path: Path, timeout: int) -> list[YaraHit]:
    """Match one file. Raises yara.TimeoutError / yara.Error for the caller to record as a skip."""
    data = path.read_bytes()
    hits = []
    for match in rules.match(data=data, timeout=timeout):
        offset, matched = None, b""
        for string in match.strings:
            if string.instances:
                instance = min(string.instances, key=lambda i: i.offset)
                if offset is None or instance.offset < offset:
                    offset, matched = instance.offset, instance.matched_data
        if offset is None:
            line, text = None, f"whole-file condition ({len(data)} bytes)"
        else:
            line, text = _render(data, matched, offset)
        hits.append(YaraHit(match.rule, match.namespace, dict(match.meta), offset, line, text))
    return hits
