"""`antivenom rules path|list|validate|test`, checked against the rule files themselves; the
CONTRIBUTING.md worked example is used as written there: it must validate and pass its own test."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from antivenom import rule_metadata as rule_paths
from antivenom import schemas
from antivenom.cli import main
from click.testing import CliRunner

REPO = Path(__file__).resolve().parents[1]
SEMGREP_DIR = REPO / "rules" / "semgrep"
YARA_DIR = REPO / "rules" / "yara"
# Independent of antivenom's own loaders: YAML ids, and YARA `rule NAME` declarations.
_YARA_RULE = re.compile(r"^\s*(?:(?:private|global)\s+)*rule\s+([A-Za-z_]\w*)", re.MULTILINE)


def _expected_ids() -> dict[str, str]:
    ids = {}
    for path in sorted(SEMGREP_DIR.rglob("*.yaml")):
        for rule in (yaml.safe_load(path.read_text()) or {}).get("rules", []):
            ids[rule["id"]] = "semgrep"
    for path in sorted(YARA_DIR.rglob("*.yar")):
        for rule_id in _YARA_RULE.findall(path.read_text()):
            ids[rule_id] = "yara"
    return ids


def _contributing_example() -> tuple[str, str, str, dict]:
    """The worked example of CONTRIBUTING.md: rule id, rule YAML, its test file, its corpus label."""
    section = (REPO / "CONTRIBUTING.md").read_text().split("## Worked example", 1)[1]
    rule_yaml = re.search(r"\*\*1\. The rule\*\*.*?```yaml\n(.*?)```", section, re.S).group(1)
    rule_test = re.search(r"\*\*2\. Its test\*\*.*?```python\n(.*?)```", section, re.S).group(1)
    label = re.search(r"corpus/labels.yaml.*?```yaml\n(.*?)```", section, re.S).group(1)
    return yaml.safe_load(rule_yaml)["rules"][0]["id"], rule_yaml, rule_test, yaml.safe_load(label)[0]


def _invoke(*args: str):
    return CliRunner().invoke(main, ["rules", *args])


def test_rules_path_holds_both_packs() -> None:
    result = _invoke("path")
    assert result.exit_code == 0, result.output
    root = Path(result.stdout.strip())
    assert any((root / "semgrep").rglob("*.yaml"))
    assert any((root / "yara").rglob("*.yar"))


def test_rules_list_table_has_a_row_per_rule() -> None:
    expected = _expected_ids()
    assert len(expected) >= 10
    result = _invoke("list")
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert lines[0].split() == ["id", "engine", "behaviours", "techniques", "severity", "confidence"]
    assert lines[-1] == f"{len(expected)} rules"
    rows = {line.split()[0]: line.split()[1] for line in lines[1:-1]}
    assert rows == expected
    assert len(lines) - 2 == len(expected), "one row per rule, no duplicates"


def test_rules_list_json() -> None:
    result = _invoke("list", "--format", "json")
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    assert {r["id"]: r["engine"] for r in listed} == _expected_ids()
    for rule in listed:
        assert rule["behaviours"], rule["id"]
        assert rule["severity"] in ("ERROR", "WARNING", "INFO"), rule["id"]
        assert rule["confidence"] in ("HIGH", "MEDIUM", "LOW"), rule["id"]


def test_rules_validate_passes_on_the_pack() -> None:
    result = _invoke("validate")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "0 problem(s)"


# -- a tiny pack of our own, valid and broken ---------------------------------

_META = """\
    metadata:
      description: Detects eval of text read from standard input.
      behaviours: [{behaviours}]
      techniques: []
      confidence: LOW
      category: security
      cwe: "CWE-95: Improper Neutralization of Directives in Dynamically Evaluated Code"
      likelihood: LOW
      impact: HIGH
      references:
        - https://arxiv.org/abs/2309.11021
"""


def _semgrep_rule(rule_id: str, behaviours: str = "code-execution") -> str:
    return (f"rules:\n  - id: {rule_id}\n    languages: [python]\n    severity: WARNING\n"
            f"    message: eval() of input()\n    pattern: eval(input(...))\n" + _META.format(behaviours=behaviours))


_YARA_META = """\
        id = "0f6d4c1e-2a4b-4f51-9d38-7c1e2b3a4d5f"
        description = "Detects a demo marker string used only in these tests"
        author = "antivenom"
        date = "2026-01-01"
        reference = "https://arxiv.org/abs/2309.11021"
        behaviours = "code-execution"
        techniques = ""
        severity = "WARNING"
{confidence}        category = "security"
        cwe = "CWE-506: Embedded Malicious Code"
        likelihood = "LOW"
        impact = "LOW"
        score = 10
"""


def _yara_rule(name: str, confidence: bool = True) -> str:
    kind = '        kind = "mention"\n'
    meta = _YARA_META.format(confidence=('        confidence = "LOW"\n' + kind) if confidence else kind)
    return f'rule {name}\n{{\n    meta:\n{meta}    strings:\n        $a = "demo-marker-{name}"\n' \
           "    condition:\n        $a\n}\n"


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_rules_validate_names_each_broken_file_and_field(tmp_path: Path) -> None:
    semgrep, yara = tmp_path / "semgrep", tmp_path / "yara"
    example_id, example_yaml, _, _ = _contributing_example()
    _write(semgrep / "remote-control" / f"{example_id}.yaml", example_yaml)
    _write(semgrep / "demo" / "made-up-behaviour.yaml", _semgrep_rule("made-up-behaviour", "made-up-id"))
    _write(semgrep / "demo" / "stem-mismatch.yaml", _semgrep_rule("not-the-stem"))
    _write(yara / "good" / "good.yar", _yara_rule("demo_good"))
    _write(yara / "incomplete" / "incomplete.yar", _yara_rule("demo_incomplete", confidence=False))
    _write(yara / "broken" / "broken.yar", _yara_rule("demo_broken").replace("condition:", "condition"))

    result = _invoke("validate", "--semgrep-dir", str(semgrep), "--yara-dir", str(yara))

    assert result.exit_code == 1, result.output
    problems = result.stderr.splitlines()
    assert result.stdout.strip() == f"{len(problems)} problem(s)"

    def lines_about(filename: str) -> str:
        return "\n".join(line for line in problems if f"/{filename}:" in line)

    assert "behaviours" in lines_about("made-up-behaviour.yaml")
    assert "made-up-id" in lines_about("made-up-behaviour.yaml")
    assert "not-the-stem" in lines_about("stem-mismatch.yaml")
    assert "file stem" in lines_about("stem-mismatch.yaml")
    assert "confidence" in lines_about("incomplete.yar")
    assert "YARA" in lines_about("broken.yar")
    assert lines_about(f"{example_id}.yaml") == "", "the CONTRIBUTING.md example is a valid rule"
    assert lines_about("good.yar") == ""


@pytest.mark.parametrize(
    ("rule_test_ok", "yara_test_ok", "passes"),
    [(True, True, True), (False, True, False), (True, False, False)],
    ids=["all-pass", "semgrep-annotation-fails", "yara-fixture-fails"],
)
def test_rules_test_exit_status(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                rule_test_ok: bool, yara_test_ok: bool, passes: bool) -> None:
    # The CONTRIBUTING.md worked example, as written there; broken: `ok:` above a line it matches.
    rule_id, rule_yaml, rule_test, _ = _contributing_example()
    semgrep = tmp_path / "pack" / "semgrep"
    _write(semgrep / "remote-control" / f"{rule_id}.yaml", rule_yaml)
    if not rule_test_ok:
        rule_test = rule_test.replace(f"# ruleid: {rule_id}", f"# ok: {rule_id}", 1)
    assert rule_test.count(f"# ruleid: {rule_id}") >= (2 if rule_test_ok else 1)
    _write(semgrep / "remote-control" / f"{rule_id}.py", rule_test)
    yara_tests = _write(tmp_path / "yara-tests" / "test_demo.py",
                        f"def test_fixture():\n    assert {yara_test_ok!r}\n").parent
    monkeypatch.setattr(rule_paths, "semgrep_dir", lambda: semgrep)

    result = _invoke("test", "--yara-tests", str(yara_tests))

    assert (result.exit_code == 0) is passes, result.output


def test_contributing_example_label_is_valid() -> None:
    _, rule_yaml, _, label = _contributing_example()
    assert schemas.errors("corpus-labels.schema.json", {"samples": [label]}) == []
    metadata = yaml.safe_load(rule_yaml)["rules"][0]["metadata"]
    assert set(metadata["behaviours"]) <= set(label["behaviours"]), "the sample shows what the rule detects"
