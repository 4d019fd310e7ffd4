"""The three report formats, on real runs (conftest) and on hand-made packages."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import avkit
import pytest
from antivenom.model import Finding, Package
from antivenom.report import ReportContext, json_report, sarif, text
from antivenom.schemas import taxonomy, validator


def _line(path: Path, number: int) -> str:
    return path.read_text(encoding="utf-8").splitlines()[number - 1]


# -- JSON ----------------------------------------------------------------------------------------


def test_json_report_validates_against_the_schema(batch_run):
    report = batch_run.report
    problems = sorted(validator("report.schema.json").iter_errors(report), key=str)
    assert problems == []
    assert report["tool"] == "antivenom"
    counts = Counter(p["verdict"] for p in report["packages"])
    assert report["summary"] == {"packages": len(report["packages"]),
                                 **{v: counts.get(v, 0) for v in ("malicious", "suspicious", "clean", "error")}}
    assert {"malicious", "clean", "error"} <= set(counts)


def test_schema_rejects_what_it_should():
    """The validator is not vacuous: a broken report fails it."""
    good = json_report.build([Package(target="t", name="n", version="1")])
    assert list(validator("report.schema.json").iter_errors(good)) == []
    for broken in (
        {**good, "verdict": "fine"},
        {**good, "packages": [{**good["packages"][0], "score": 101}]},
        {**good, "extra": 1},
    ):
        assert list(validator("report.schema.json").iter_errors(broken)), broken


def test_findings_carry_evidence_read_from_the_file(batch_run, workspace):
    package = batch_run.package(workspace.forms["dir"])
    (finding,) = [f for f in package["findings"] if f["rule_id"] == avkit.PAYLOAD_RULE]
    source_line = _line(workspace.base / workspace.forms["dir"] / finding["path"], finding["line"])
    assert finding["evidence"] != "requires login"
    assert "b64decode" in finding["evidence"] and finding["evidence"] in source_line
    # and the offset points at it: the evidence starts exactly there
    data = (workspace.base / workspace.forms["dir"] / finding["path"]).read_bytes()
    assert data[finding["offset"]:].decode().startswith(finding["evidence"])
    assert finding["behaviours"] == ["code-execution"] and "code-obfuscation" in finding["techniques"]
    assert (finding["severity"], finding["confidence"]) == ("ERROR", "HIGH")
    assert finding["attack_vector"] == "import-time" and finding["vector_reason"] == "module top level"


def test_every_semgrep_finding_has_real_evidence(batch_run):
    findings = [f for p in batch_run.report["packages"] for f in p["findings"] if f["engine"] == "semgrep"]
    assert len(findings) > 20
    for finding in findings:
        assert finding["evidence"].strip() and finding["evidence"] != "requires login", finding


# -- SARIF ---------------------------------------------------------------------------------------------


def test_sarif_structure(sarif_run, workspace):
    log = json.loads(sarif_run.stdout)
    assert log["version"] == "2.1.0"
    assert "sarif-2.1.0" in log["$schema"]
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "antivenom" and driver["version"]
    rule_ids = [r["id"] for r in driver["rules"]]
    assert len(rule_ids) == len(set(rule_ids)) and avkit.PAYLOAD_RULE in rule_ids
    behaviours, techniques = set(taxonomy("behaviour")), set(taxonomy("technique"))
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        if rule["id"] in ("package-error", "package-incomplete"):  # the scan's own alerts, not detections
            continue
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
        tags = rule["properties"]["tags"]
        assert "security" in tags and any(t in behaviours for t in tags), tags
        assert any(re.fullmatch(r"external/cwe/cwe-\d+", t) for t in tags), tags
    payload_rule = driver["rules"][rule_ids.index(avkit.PAYLOAD_RULE)]
    assert {"code-execution", "code-obfuscation"} <= set(payload_rule["properties"]["tags"])
    assert techniques & set(payload_rule["properties"]["tags"])

    results = [r for r in run["results"] if not r["ruleId"].startswith("package-")]
    assert results
    for result in results:
        assert result["ruleId"] == rule_ids[result["ruleIndex"]]
        assert result["level"] in ("error", "warning", "note")
        assert result["message"]["text"]
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"]["uri"]
        assert physical["region"]["snippet"]["text"]
        assert physical["region"]["startLine"] >= 1
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results
            if r["ruleId"] == avkit.PAYLOAD_RULE}
    assert uris == {f"{workspace.forms['dir']}/dirpkg/core.py", f"{workspace.forms['tar.gz']}/tgzpkg/__init__.py"}
    payload = next(r for r in results if r["ruleId"] == avkit.PAYLOAD_RULE)
    assert "b64decode" in payload["locations"][0]["physicalLocation"]["region"]["snippet"]["text"]
    assert payload["properties"]["attack_vector"] == "import-time"
    assert payload["properties"]["verdict"] == "malicious"
    # The unreadable archive is not silently dropped: it is a tool notification.
    notifications = run["invocations"][0]["toolExecutionNotifications"]
    assert any("path traversal" in n["message"]["text"] and n["level"] == "error" for n in notifications)
    # ... and an alert: an archive built to break the scanner must be as visible as a finding.
    (unreadable,) = [r for r in run["results"] if r["ruleId"] == "package-error"]
    assert "path traversal" in unreadable["message"]["text"] and unreadable["level"] == "error"
    assert unreadable["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == \
        workspace.hostile_target("tar-traversal")


def test_sarif_marks_suppressed_findings():
    package = Package(target="t", name="n", version="1", findings=[
        _finding(suppressed="ignore file: reviewed"), _finding(rule_id="other-rule")])
    log = sarif.build([package])
    suppressed, active = log["runs"][0]["results"]
    assert suppressed["suppressions"] == [{"kind": "external", "justification": "ignore file: reviewed"}]
    assert "suppressions" not in active


# -- text ------------------------------------------------------------------------------------------------


def test_text_report(text_run, workspace):
    out = text_run.stdout
    lines = out.splitlines()
    # a verdict line per package
    assert re.search(r"^MALICIOUS\s+dirpkg 1\.0\s+score \d+\s+\(forms/dirpkg\)$", out, re.M), out
    # an archive's kind in its header: a release's sdist and wheel read apart
    assert re.search(r"^MALICIOUS\s+whlpkg 1\.0 \[wheel\]\s+score \d+\s+\(forms/whlpkg-1\.0-py3-none-any\.whl\)$",
                     out, re.M)
    assert re.search(r"^CLEAN\s+cleanpkg 1\.0\s+score 0\s+\(forms/cleanpkg\)$", out, re.M)
    assert re.search(r"^ERROR\s+h-zip-symlink 1\.0 \[sdist\] .*$", out, re.M)
    # the closing summary: every flagged and unreadable package once more, never a clean one
    summary = lines[lines.index("summary: flagged, incomplete and unreadable packages") + 1:-1]
    assert [line.split()[:2] for line in summary] == [["malicious", "dirpkg"], ["malicious", "whlpkg"],
                                                      ["error", "h-zip-symlink"]], summary
    assert "link in archive points outside it" in summary[2]
    assert re.search(r"^  why: unsafe or unreadable archive: link in archive points outside it: 'h-1\.0/link' -> "
                     r"'/.*/outside'$", out, re.M), out
    assert lines[-1] == "4 package(s): 2 malicious, 1 clean, 1 error"

    # findings grouped by behaviour, each with file:line, vector, rule, and the evidence line
    start = lines.index(next(x for x in lines if x.startswith("MALICIOUS") and "dirpkg" in x))
    block = lines[start:start + next(i for i, x in enumerate(lines[start + 1:], 1) if not x.startswith(" "))]
    assert "  code-execution" in block
    head = next(i for i, x in enumerate(block) if x.startswith("    ") and avkit.PAYLOAD_RULE in x)
    assert block.index("  code-execution") < head
    where = rf"dirpkg/core\.py:{avkit.PAYLOAD_LINENO}"
    assert re.match(rf"^    {where}  \[import-time\] {avkit.PAYLOAD_RULE} \(ERROR/HIGH\)", block[head])
    evidence = next(x for x in block[head + 1:head + 4] if x.startswith("      > "))
    assert "b64decode" in evidence
    assert evidence[len("      > "):] in _line(workspace.base / "forms/dirpkg/dirpkg/core.py", avkit.PAYLOAD_LINENO)


def _finding(**overrides) -> Finding:
    values = dict(rule_id="exec-decoded-payload", engine="semgrep", path="pkg/a.py", line=3,
                  behaviours=["code-execution"], techniques=["code-obfuscation"], severity="ERROR",
                  confidence="HIGH", message="exec of decoded data", evidence='exec(b64decode("cGFzcw=="))',
                  attack_vector="install-time")
    values.update(overrides)
    return Finding(**values)


def test_text_groups_by_first_behaviour_and_sorts_by_place():
    package = Package(target="demo.tar.gz", name="demo", version="1", verdict="malicious", score=80,
                      verdict_reason="because", findings=[
                          _finding(path="b.py", line=9),
                          _finding(rule_id="steal", behaviours=["information-stealing"], path="a.py", line=1,
                                   evidence="open(cookies)"),
                          _finding(path="a.py", line=2),
                          _finding(rule_id="weak", behaviours=[], path="c.py", line=None, evidence=""),
                      ])
    lines = text.render([package]).split("\nsummary:")[0].splitlines()  # the package's block
    groups = [x.strip() for x in lines if x.startswith("  ") and not x.startswith("   ")
              and not x.startswith("  why")]
    assert groups == ["code-execution", "information-stealing", "other"]
    places = [x.split()[0] for x in lines if x.startswith("    ") and not x.startswith("     ")]
    assert places == ["a.py:2", "b.py:9", "a.py:1", "c.py"]
    assert "      > open(cookies)" in lines


@pytest.mark.parametrize("color", [False, True])
def test_text_colour_only_when_asked(color):
    package = Package(target="t", name="n", version="1", verdict="malicious")
    rendered = text.render([package], ReportContext(color=color))
    assert ("\x1b[" in rendered) is color
