"""Suppressions: an ignore file (rule + path glob + reason) the user owns, and inline comments
in the scanned code, which the package's author owns and are therefore off by default."""

from __future__ import annotations

import fnmatch
import json
import re
from pathlib import Path

import pytest
import yaml
from antivenom import schemas
from antivenom.cli import main
from antivenom.model import Package
from antivenom.report import ReportContext, render, sarif
from antivenom.rule_management import all_rules
from antivenom.rule_metadata import semgrep_dir, yara_dir
from antivenom.scanner import Scanner, ScanOptions
from antivenom.sources import resolve
from antivenom.suppressions import Suppressions
from click.testing import CliRunner

REPO = Path(__file__).resolve().parents[1]
# Defanged: the decoded "payload" only prints. Two rules fire on the exec line.
PAYLOAD = 'import base64\n\nexec(base64.b64decode("cHJpbnQoImRlbW8iKQ=="))\n'
RULES = {"exec-decoded-payload", "exec-nonliteral-toplevel"}
IGNORE_FILE = """\
ignore:
  - rule: exec-decoded-payload
    package: reviewed
    path: lib/*.py
    reason: demo loader reviewed by us, its payload only prints
  - rule: exec-nonliteral-*
    path: lib/loader.py
    reason: top-level exec in the reviewed loader
"""
REASON_1 = "demo loader reviewed by us, its payload only prints"
REASON_2 = "top-level exec in the reviewed loader"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("suppressions")
    files = {
        "reviewed/lib/loader.py": PAYLOAD,      # both entries match: every finding suppressed
        "partial/lib/loader.py": PAYLOAD,       # only the package-agnostic entry matches
        "unreviewed/src/loader.py": PAYLOAD,    # no path glob matches
        "inline/loader.py": PAYLOAD.replace('"))\n', '"))  # nosemgrep\n'),
    }
    for relative, text in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text)
    (root / "ignore.yaml").write_text(IGNORE_FILE)
    return root


@pytest.fixture(scope="module")
def scanned(workspace: Path) -> dict[str, Package]:
    """One scan of all four packages with the ignore file; inline comments not honoured."""
    packages = resolve([str(workspace / n) for n in ("reviewed", "partial", "unreviewed", "inline")], [])
    Scanner(ScanOptions(suppressions=Suppressions.load(workspace / "ignore.yaml"))).scan(packages)
    by_name = {p.name: p for p in packages}
    for package in packages:
        assert package.error is None, package.error
        assert {f.rule_id for f in package.findings} >= RULES, f"{package.name}: the payload is not found"
    return by_name


def _suppressed(package: Package) -> dict[str, str | None]:
    return {f.rule_id: f.suppressed for f in package.findings if f.rule_id in RULES}


def test_matching_findings_are_suppressed_with_their_reason(scanned: dict[str, Package]) -> None:
    assert _suppressed(scanned["reviewed"]) == {"exec-decoded-payload": f"ignore file: {REASON_1}",
                                                "exec-nonliteral-toplevel": f"ignore file: {REASON_2}"}
    assert _suppressed(scanned["partial"]) == {"exec-decoded-payload": None,
                                               "exec-nonliteral-toplevel": f"ignore file: {REASON_2}"}
    assert _suppressed(scanned["unreviewed"]) == dict.fromkeys(RULES)


def test_suppressed_findings_leave_the_verdict(scanned: dict[str, Package]) -> None:
    reviewed = scanned["reviewed"]
    assert all(f.suppressed for f in reviewed.findings), "nothing else fires on the demo loader"
    assert reviewed.verdict == "clean"
    assert reviewed.score == 0
    assert scanned["partial"].verdict == "malicious", "the unsuppressed finding still counts"
    assert scanned["unreviewed"].verdict == "malicious"


def test_inline_nosemgrep_is_not_honoured_by_default(scanned: dict[str, Package]) -> None:
    inline = scanned["inline"]
    assert _suppressed(inline) == dict.fromkeys(RULES)
    assert inline.verdict == "malicious"


def test_json_report_marks_suppressed(scanned: dict[str, Package]) -> None:
    report = json.loads(render(list(scanned.values()), "json"))
    assert schemas.errors("report.schema.json", report) == []
    packages = {p["name"]: p for p in report["packages"]}
    reviewed = {f["rule_id"]: f["suppressed"] for f in packages["reviewed"]["findings"]}
    assert reviewed["exec-decoded-payload"] == f"ignore file: {REASON_1}"
    assert packages["reviewed"]["verdict"] == "clean"
    assert all(f["suppressed"] is None for f in packages["unreviewed"]["findings"])


def test_text_report_marks_suppressed(scanned: dict[str, Package]) -> None:
    text = render(list(scanned.values()), "text", ReportContext(verbose=True))  # INFO/LOW too
    assert re.search(r"^CLEAN\s+reviewed\b", text, re.MULTILINE)
    assert re.search(r"^MALICIOUS\s+partial\b", text, re.MULTILINE)
    block = text.split("reviewed", 1)[1].split("\nMALICIOUS", 1)[0]
    assert f"suppressed: ignore file: {REASON_1}" in block
    assert f"suppressed: ignore file: {REASON_2}" in block
    assert text.count("suppressed: ") == sum(f.suppressed is not None for p in scanned.values() for f in p.findings)


def test_sarif_report_carries_suppressions(scanned: dict[str, Package]) -> None:
    results = json.loads(sarif.render(list(scanned.values()), ReportContext()))["runs"][0]["results"]
    by_key = {(r["properties"]["package"], r["ruleId"]): r for r in results}
    assert by_key[("reviewed", "exec-decoded-payload")]["suppressions"] == [
        {"kind": "external", "justification": f"ignore file: {REASON_1}"}]
    assert "suppressions" in by_key[("partial", "exec-nonliteral-toplevel")]
    assert "suppressions" not in by_key[("partial", "exec-decoded-payload")]
    assert not any("suppressions" in r for r in results if r["properties"]["package"] in ("unreviewed", "inline"))


def test_cli_honours_inline_comments_only_when_asked(workspace: Path) -> None:
    result = CliRunner().invoke(main, [
        "scan", str(workspace / "reviewed"), str(workspace / "inline"), "--format", "json",
        "--ignore-file", str(workspace / "ignore.yaml"), "--honour-inline-ignores", "--quiet"])
    assert result.exit_code == 0, result.output
    packages = {p["name"]: p for p in json.loads(result.stdout)["packages"]}
    assert packages["inline"]["verdict"] == "clean"
    inline = {f["rule_id"]: f["suppressed"] for f in packages["inline"]["findings"]}
    assert inline == dict.fromkeys(RULES, "inline comment in the scanned code")
    assert packages["reviewed"]["verdict"] == "clean"


@pytest.mark.parametrize(("text", "named"), [
    ("ignore:\n  - rule: exec-decoded-payload\n    path: lib/*.py\n", "reason"),
    ("ignore:\n  - rule: exec-decoded-payload\n    reasn: reviewed by us\n", "reasn"),
    ("ignore:\n  - rule: exec-decoded-payload\n    reason: ok\n", "reason"),
    ("ignore:\n  - rule: ''\n    reason: reviewed by us\n", "rule"),
    ("ignores:\n  - rule: exec-decoded-payload\n    reason: reviewed by us\n", "ignores"),
    ("ignore:\n  - rule: [exec-decoded-payload\n    reason: reviewed by us\n", "YAML"),
], ids=["no-reason", "unknown-key", "short-reason", "empty-rule", "misspelt-top-key", "broken-yaml"])
def test_invalid_ignore_file_exits_2_naming_the_field(workspace: Path, tmp_path: Path, text: str, named: str) -> None:
    bad = tmp_path / "bad-ignore.yaml"
    bad.write_text(text)
    result = CliRunner().invoke(main, ["scan", str(workspace / "reviewed"), "--ignore-file", str(bad)])
    assert result.exit_code == 2, result.output
    assert "bad-ignore.yaml" in result.stderr and named in result.stderr, result.stderr
    assert result.stdout == "", "nothing was scanned"


def test_example_ignore_file_is_valid_and_names_real_rules() -> None:
    data = yaml.safe_load((REPO / "examples" / "antivenom-ignore.yaml").read_text())
    assert schemas.errors("ignore-file.schema.json", data) == []
    rule_ids = [r.rule_id for r in all_rules(semgrep_dir(), yara_dir())]
    for entry in data["ignore"]:
        assert fnmatch.filter(rule_ids, entry["rule"]), f"{entry['rule']} matches no rule"
        assert len(entry["reason"]) > 20, "say why, and who reviewed it"
