"""The line tier: a few regular expressions for obvious payloads, read on the code files
Semgrep could not finish (a timeout, a killed run, a parse error).

Semgrep's rules can be starved on purpose: one line of 1,000 nested `lambda:` or a
400,000-item list literal times out every costly rule on the file, and the payload on the
next line went unreported. This engine needs no parse: each rule has literal anchors
(found with bytes.find) and a regex applied to a bounded window around each anchor, so its
cost stays linear in the file's size whatever its shape. It runs in `wait`, after Semgrep's
results are in (the scanner notes which files Semgrep skipped in the content store), so it
must stay registered after "semgrep". YARA already reads every file; this is the tier for
what only a code rule would have said.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from ..codefiles import is_code
from ..content import ContentFile, ContentStore
from ..rule_metadata import RuleMeta
from . import EngineResult, Hit

if TYPE_CHECKING:
    from ..scanner import ScanOptions

WINDOW = 400  # bytes either side of an anchor the regex may see
MAX_ANCHORS = 2_000  # occurrences looked at per anchor and file


@dataclass(frozen=True)
class LineRule:
    meta: RuleMeta
    anchors: tuple[bytes, ...]
    pattern: re.Pattern[bytes]


def _rule(rule_id: str, severity: str, confidence: str, behaviours: tuple[str, ...], techniques: tuple[str, ...],
          description: str, anchors: tuple[bytes, ...], pattern: bytes) -> LineRule:
    meta = RuleMeta(rule_id=rule_id, engine="lines", path=Path(__file__), severity=severity, confidence=confidence,
                    behaviours=behaviours, techniques=techniques, description=description,
                    raw={"cwe": "CWE-506: Embedded Malicious Code"})
    return LineRule(meta, anchors, re.compile(pattern))


_CALL = rb"\b(?:system|popen|Popen|call|run|check_call|check_output|getoutput|getstatusoutput|spawn\w*)\s*\("
RULES = (
    _rule("line-shell-download-pipe", "ERROR", "HIGH", ("command-execution",), ("external-payload",),
          "Detects a shell command that downloads with curl or wget and pipes it into a shell or Python "
          "(line tier: a file Semgrep could not finish).",
          (b"curl", b"wget"),
          _CALL + rb"[^\n]{0,300}?\b(?:curl|wget)\b[^\n]{0,300}?\|\s*(?:sudo\s+)?(?:ba|z|da)?(?:sh|python3?)\b"),
    _rule("line-exec-decoded", "ERROR", "HIGH", ("code-execution",), ("code-obfuscation",),
          "Detects exec/eval of data decoded from base64, hex, zlib or marshal on one line "
          "(line tier: a file Semgrep could not finish).",
          (b"exec", b"eval"),
          rb"\b(?:exec|eval)\s*\(\s*(?:[\w.]+\.)?(?:b64decode|b32decode|b16decode|b85decode|a85decode|"
          rb"decodebytes|decompress|unhexlify|fromhex|loads)\s*\("
          rb"|\b(?:exec|eval)\s*\([^\n]{0,200}?\.decode\s*\([^\n]{0,40}?\)\s*\)"),
    _rule("line-reverse-shell", "ERROR", "HIGH", ("remote-control",), (),
          "Detects reverse-shell strings: /dev/tcp redirections, interactive shells bound to a socket, "
          "nc -e (line tier: a file Semgrep could not finish).",
          (b"/dev/tcp/", b"sh -i", b"nc -e", b"pty.spawn"),
          rb"/dev/tcp/[\w.\-]+/\d+|\b(?:ba)?sh\s+-i\s*(?:>&|2>&1|<&)|\bnc(?:at)?\s+-e\s+/bin/|"
          rb"\bpty\.spawn\s*\(\s*['\"]/bin/(?:ba)?sh"),
)


def _line_bounds(data: bytes, at: int) -> tuple[int, int]:
    """The window around `at`: at most WINDOW bytes either side, never past the line's ends."""
    start = data.rfind(b"\n", max(0, at - WINDOW), at) + 1 or max(0, at - WINDOW)
    end = data.find(b"\n", at, at + WINDOW)
    return start, (min(len(data), at + WINDOW) if end == -1 else end)


def match_lines(file: ContentFile, data: bytes) -> list[Hit]:
    """Every rule's hits on `data`: one per rule and line."""
    hits: list[Hit] = []
    for rule in RULES:
        seen_lines: set[int] = set()
        for anchor in rule.anchors:
            at, looked = data.find(anchor), 0
            while at != -1 and looked < MAX_ANCHORS:
                looked += 1
                start, end = _line_bounds(data, at)
                found = rule.pattern.search(data, start, end)
                if found is not None:
                    line = data.count(b"\n", 0, found.start()) + 1
                    if line not in seen_lines:
                        seen_lines.add(line)
                        hits.append(Hit(rule.meta.rule_id, file, line, offset=found.start(),
                                        evidence=found.group(0)[:200].decode("utf-8", "replace")))
                at = data.find(anchor, at + 1)
    return hits


class LinesEngine:
    name = "lines"

    def __init__(self, options: ScanOptions) -> None:
        self.rules: Mapping[str, RuleMeta] = MappingProxyType({r.meta.rule_id: r.meta for r in RULES})

    def start(self, store: ContentStore) -> _LinesRun:
        return _LinesRun(store)


class _LinesRun:
    def __init__(self, store: ContentStore) -> None:
        self.store = store

    def work(self) -> None:
        pass  # Semgrep's results are not in yet: see wait

    def wait(self) -> EngineResult:
        result = EngineResult()
        for file in self.store.files:
            if not self.store.left_by(file.path, "semgrep"):
                continue
            try:
                data = self.store.read(file.path)
            except OSError as exc:
                result.unfinished.append((file, f"line tier: {exc.strerror or type(exc).__name__}"))
                continue
            if b"\0" in data or not is_code(file.rel, data[:200]):
                continue  # not code CPython would run
            result.hits.extend(match_lines(file, data))
        return result

    def cancel(self) -> None:
        pass
