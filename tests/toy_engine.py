"""A toy engine for tests/test_plugins.py: one module, plugged in by one registration line.

It flags the marker TOY-MARKER in any file, as a rule of its own with its own metadata."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from antivenom.content import ContentFile, ContentStore
from antivenom.engines import FileEngine, Hit
from antivenom.rule_metadata import RuleMeta

MARKER = b"TOY-MARKER"
RULE = RuleMeta(rule_id="toy-marker", engine="toy", path=Path(__file__), severity="ERROR", confidence="HIGH",
                behaviours=("remote-control",), techniques=(), description="Detects the toy engine's marker.",
                raw={"cwe": "CWE-506: Embedded Malicious Code"})


class ToyEngine(FileEngine):
    name = "toy"
    rules: Mapping[str, RuleMeta] = MappingProxyType({RULE.rule_id: RULE})

    def match(self, file: ContentFile, store: ContentStore) -> list[Hit]:
        data = store.read(file.path)
        at = data.find(MARKER)
        if at < 0:
            return []
        return [Hit(RULE.rule_id, file, data.count(b"\n", 0, at) + 1, offset=at, evidence=MARKER.decode())]
