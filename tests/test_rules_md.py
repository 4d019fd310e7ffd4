"""RULES.md is generated from the rules' metadata, is current, and points every rule at its test."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "scripts" / "generate_rules_md.py"
_YARA_RULE = re.compile(r"^\s*(?:(?:private|global)\s+)*rule\s+([A-Za-z_]\w*)", re.MULTILINE)
# | [`id`](rules/...) | engine | severity | confidence | techniques | description | [test](path) |
_ROW = re.compile(r"^\| \[`(?P<id>[^`]+)`\]\((?P<source>[^)]+)\) \| (?P<engine>semgrep|yara) \|"
                  r".*\| \[test\]\((?P<test>[^)]+)\) \|$")


@pytest.fixture
def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_rules_md", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _rule_ids() -> dict[str, Path]:
    ids = {}
    for path in sorted((REPO / "rules" / "semgrep").rglob("*.yaml")):
        for rule in (yaml.safe_load(path.read_text()) or {}).get("rules", []):
            ids[rule["id"]] = path
    for path in sorted((REPO / "rules" / "yara").rglob("*.yar")):
        for rule_id in _YARA_RULE.findall(path.read_text()):
            ids[rule_id] = path
    return ids


def _rows(text: str) -> list[re.Match]:
    # A rule has a row under each of its behaviours.
    return [m for m in map(_ROW.match, text.splitlines()) if m]


def test_rules_md_is_current() -> None:
    completed = subprocess.run([sys.executable, str(SCRIPT), "--check"], cwd=REPO,
                               capture_output=True, text=True, check=False)
    assert completed.returncode == 0, (completed.stderr + " (the rules changed: run "
                                       "`python scripts/generate_rules_md.py` and commit RULES.md)")


def test_check_fails_on_a_hand_edit_and_passes_after_regenerating(
        generator: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "RULES.md"
    copy.write_text((REPO / "RULES.md").read_text())
    monkeypatch.setattr(generator, "RULES_MD", copy)
    monkeypatch.setattr(sys, "argv", ["generate_rules_md.py"])
    assert generator.main() == 0  # regenerate the copy: now current by definition
    monkeypatch.setattr(sys, "argv", ["generate_rules_md.py", "--check"])
    assert generator.main() == 0

    text = copy.read_text()
    row = next(line for line in text.splitlines() if _ROW.match(line))
    engine = _ROW.match(row)["engine"]
    copy.write_text(text.replace(row, row.replace(f"| {engine} |", "| edited by hand |", 1), 1))
    assert copy.read_text() != text
    assert generator.main() == 1

    copy.write_text(text.replace(row + "\n", "", 1))  # a row deleted by hand
    assert generator.main() == 1

    # Prose outside the generated block is the maintainers' and survives regeneration.
    copy.write_text(text + "\nNotes kept by hand.\n")
    monkeypatch.setattr(sys, "argv", ["generate_rules_md.py"])
    assert generator.main() == 0
    assert copy.read_text().endswith("Notes kept by hand.\n")


def test_every_rule_has_a_row_and_a_test_that_names_it(generator: ModuleType) -> None:
    # Checked on what the generator writes; whether RULES.md is current is the test above.
    rows = _rows(generator.generate())
    rule_ids = _rule_ids()
    assert sorted(set(rule_ids) - {row["id"] for row in rows}) == []
    problems = []
    for row in rows:
        rule_id = row["id"]
        if rule_id not in rule_ids:
            problems.append(f"{rule_id}: listed, but no rule file declares it")
            continue
        if (REPO / row["source"]).resolve() != rule_ids[rule_id].resolve():
            problems.append(f"{rule_id}: links {row['source']}, declared in {rule_ids[rule_id]}")
        test = REPO / row["test"]
        if not test.is_file():
            problems.append(f"{rule_id}: test link {row['test']} is not a file")
            continue
        # A Semgrep test needs a `ruleid:` annotation; a YARA test names the rule it expects to fire.
        wanted = rf"ruleid:\s*{re.escape(rule_id)}\b" if row["engine"] == "semgrep" else rf"\b{re.escape(rule_id)}\b"
        if not re.search(wanted, test.read_text()):
            problems.append(f"{rule_id}: {row['test']} never names the rule")
    assert problems == []

