"""Every rule of every file, in both engines, carries valid metadata in the one vocabulary."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
import yara
from antivenom import schemas
from antivenom.engines.yara import compile_rules
from antivenom.rule_metadata import normalise, semgrep_rule_files, yara_rule_files
from antivenom.traits import PACKAGE_TECHNIQUES

REPO = Path(__file__).resolve().parents[1]
SEMGREP_DIR = REPO / "rules" / "semgrep"
YARA_DIR = REPO / "rules" / "yara"


def _semgrep_rules() -> list[tuple[Path, dict]]:
    return [(path, rule) for path in semgrep_rule_files(SEMGREP_DIR)
            for rule in (yaml.safe_load(path.read_text()) or {}).get("rules", [])]


def _yara_rules() -> list[yara.Rule]:
    return list(compile_rules(YARA_DIR))


@pytest.mark.parametrize(("path", "rule"), _semgrep_rules(), ids=lambda v: v["id"] if isinstance(v, dict) else "")
def test_semgrep_rule_metadata(path: Path, rule: dict) -> None:
    assert rule["id"] == path.stem, "one rule per file, the file named after its id"
    assert "." not in rule["id"]
    problems = schemas.errors("rule-metadata.schema.json", normalise(rule.get("metadata") or {}, rule.get("severity")))
    assert problems == [], f"{path.relative_to(REPO)}: {problems}"


@pytest.mark.parametrize("rule", _yara_rules(), ids=lambda r: r.identifier)
def test_yara_rule_metadata(rule: yara.Rule) -> None:
    problems = schemas.errors("rule-metadata.schema.json", normalise(dict(rule.meta)))
    assert problems == [], f"{rule.namespace}:{rule.identifier}: {problems}"


def test_rule_ids_are_unique_across_engines() -> None:
    ids = [rule["id"] for _, rule in _semgrep_rules()] + [rule.identifier for rule in _yara_rules()]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert duplicates == []


def test_every_yara_file_compiles_alone_without_warnings() -> None:
    for path in yara_rule_files(YARA_DIR):
        yara.compile(filepath=str(path), includes=False, error_on_warning=True)


def test_schema_rejects_unknown_taxonomy_ids() -> None:
    bad = normalise({"description": "Detects something odd here", "behaviours": ["crypto-mining"],
                     "techniques": ["teleportation"], "confidence": "HIGH", "references": ["https://x.invalid"],
                     "category": "security", "cwe": "CWE-506: Embedded Malicious Code",
                     "likelihood": "HIGH", "impact": "HIGH"}, "ERROR")
    problems = " ".join(schemas.errors("rule-metadata.schema.json", bad))
    assert "crypto-mining" in problems and "teleportation" in problems


def test_every_taxonomy_id_is_produced_by_some_rule() -> None:
    # behaviour-overlap is a property of a whole package (traits.py), not of one match.
    produced: set[str] = set(PACKAGE_TECHNIQUES)
    for _, rule in _semgrep_rules():
        meta = normalise(rule.get("metadata") or {})
        produced.update(meta["behaviours"], meta["techniques"])
    for rule in _yara_rules():
        meta = normalise(dict(rule.meta))
        produced.update(meta["behaviours"], meta["techniques"])
    wanted = set(schemas.taxonomy("behaviour")) | set(schemas.taxonomy("technique"))
    assert sorted(wanted - produced) == []
