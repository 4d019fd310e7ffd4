"""The YARA engine: the pack compiled once per scan, matched over every file of a chunk
in threads (yara-python releases the GIL), in the foreground while Semgrep runs.

YARA sees what Semgrep cannot: images, binaries, data files, `.pth` files.

A rule file that imports a YARA module (`pe`, `elf`) makes every match set that module up
first, whatever the file: the pe module's declarations alone cost about 1 ms per file, more
than the rest of the pack together on source files. Such a file may come with a gate,
`NAME.gate` beside `NAME.yar`: one module-free rule, `gate`, that holds wherever any rule of
NAME.yar can match (tests/yara/test_gates.py checks that on every fixture). The gate is
matched with the rest of the pack; NAME.yar only on the files it lets through.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import yara

from ..content import ContentFile, ContentStore
from ..rule_metadata import GATE_SUFFIX, RuleMeta, yara_dir, yara_rule_files, yara_rules
from . import FileEngine, FileSkipped, Hit

if TYPE_CHECKING:
    from ..scanner import ScanOptions

EVIDENCE_MAX_BYTES = 160


@dataclass(frozen=True)
class YaraHit:
    rule_id: str
    namespace: str
    meta: dict
    offset: int | None
    line: int | None
    evidence: str


GATE_RULE = "gate"
_GATE_NAMESPACE = "gate:"
_IMPORTS_A_MODULE = re.compile(r'^\s*import\s+"', re.MULTILINE)


def gate_of(path: Path) -> Path | None:
    """The gate of a rule file that imports a module, when it has one."""
    gate = path.with_suffix(GATE_SUFFIX)
    if not gate.is_file() or not _IMPORTS_A_MODULE.search(path.read_text(encoding="utf-8", errors="replace")):
        return None
    return gate


def gate_problems(path: Path) -> list[str]:
    """What is wrong with a rule file's gate: missing where the file imports a module, importing
    one itself, not compiling, or not one rule named `gate`."""
    if not _IMPORTS_A_MODULE.search(path.read_text(encoding="utf-8", errors="replace")):
        return []
    gate = path.with_suffix(GATE_SUFFIX)
    if not gate.is_file():
        return [f"imports a YARA module but has no {gate.name}: it would be set up on every file scanned"]
    text = gate.read_text(encoding="utf-8", errors="replace")
    if _IMPORTS_A_MODULE.search(text):
        return [f"{gate.name} imports a module: a gate runs on every file and must not"]
    try:
        names = [rule.identifier for rule in yara.compile(source=text, error_on_warning=True)]
    except yara.Error as exc:
        return [f"{gate.name}: YARA: {exc}"]
    return [] if names == [GATE_RULE] else [f"{gate.name} must hold one rule, named {GATE_RULE!r} (has {names})"]


class YaraPack:
    """The pack as the runner matches it: module-free files and every gate in one ruleset; each
    gated file compiled on its own, matched only where its gate holds."""

    def __init__(self, root: Path | None = None) -> None:
        base = root or yara_dir()
        # Namespaced by file (its path under rules/yara) so two families may reuse a private rule name.
        always: dict[str, str] = {}
        self.gated: dict[str, yara.Rules] = {}
        for path in yara_rule_files(base):
            namespace = path.relative_to(base).as_posix()
            gate = gate_of(path)
            if gate is None:
                always[namespace] = str(path)
            else:
                always[_GATE_NAMESPACE + namespace] = str(gate)
                self.gated[_GATE_NAMESPACE + namespace] = yara.compile(
                    filepaths={namespace: str(path)}, includes=False, error_on_warning=True)
        self.always = yara.compile(filepaths=always, includes=False, error_on_warning=True)

    def __iter__(self):
        yield from (rule for rule in self.always if rule.identifier != GATE_RULE)
        for rules in self.gated.values():
            yield from rules

    def match(self, data: bytes, timeout: int) -> list:
        matches = []
        for match in self.always.match(data=data, timeout=timeout):
            if match.namespace in self.gated:
                if match.rule == GATE_RULE:
                    matches.extend(self.gated[match.namespace].match(data=data, timeout=timeout))
            else:
                matches.append(match)
        return matches


def compile_rules(root: Path | None = None) -> YaraPack:
    return YaraPack(root)


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


def match_data(rules: YaraPack, data: bytes, timeout: int) -> list[YaraHit]:
    """Match one file's bytes. Raises yara.TimeoutError / yara.Error for the caller to record as a skip."""
    hits = []
    for match in rules.match(data, timeout):
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


class YaraEngine(FileEngine):
    name = "yara"

    def __init__(self, options: ScanOptions) -> None:
        super().__init__(options)
        self.root = options.yara_rules or yara_dir()
        self.compiled = compile_rules(self.root)
        self.timeout = options.yara_timeout
        self.rules: Mapping[str, RuleMeta] = yara_rules(self.root)

    def match(self, file: ContentFile, store: ContentStore) -> list[Hit]:
        try:
            found = match_data(self.compiled, store.read(file.path), self.timeout)
        except yara.TimeoutError as exc:
            raise FileSkipped(f"YARA timed out after {self.timeout} s") from exc
        except (yara.Error, OSError) as exc:
            raise FileSkipped(f"YARA: {exc}") from exc
        return [Hit(h.rule_id, file, h.line, offset=h.offset, evidence=h.evidence) for h in found]
