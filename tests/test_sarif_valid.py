"""SARIF that GitHub code scanning accepts: valid against the official OASIS SARIF 2.1.0 schema
(tests/data/sarif-schema-2.1.0.json), a startLine on every result, stable partialFingerprints,
every rule of both packs described, and no temporary path in any report format."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from pathlib import Path

import jsonschema
import pytest
from antivenom import cli
from antivenom.model import Finding, Package
from antivenom.report import ReportContext, render, sarif
from antivenom.rule_management import all_rules
from antivenom.rule_metadata import semgrep_dir, yara_dir
from antivenom.scanner import ScanOptions

REPO = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((REPO / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())
WHOLE_FILE_SAMPLE = REPO / "corpus" / "malicious" / "packed-upx-startup"  # a bundled PE: whole-file YARA hit


def sarif_problems(log: dict) -> list[str]:
    """The official schema's errors, then what GitHub code scanning requires on top of it."""
    validator = jsonschema.Draft4Validator(SCHEMA)
    problems = [f"schema: {'/'.join(map(str, e.absolute_path))}: {e.message[:200]}"
                for e in validator.iter_errors(log)]
    for run in log.get("runs", []):
        rules = run["tool"]["driver"].get("rules", [])
        for number, result in enumerate(run.get("results", [])):
            where = f"result {number} ({result.get('ruleId')})"
            if not result.get("partialFingerprints"):
                problems.append(f"{where}: no partialFingerprints")
            index = result.get("ruleIndex")
            if index is None or not 0 <= index < len(rules) or rules[index]["id"] != result.get("ruleId"):
                problems.append(f"{where}: ruleIndex does not point at its rule")
            for location in result.get("locations", []):
                region = location.get("physicalLocation", {}).get("region", {})
                if not isinstance(region.get("startLine"), int) or region["startLine"] < 1:
                    problems.append(f"{where}: no startLine >= 1")
    return problems


def _scan(targets: list[str], requirement_files: list[Path], index_url: str, tmp_root: Path,
          monkeypatch: pytest.MonkeyPatch) -> tuple[list[Package], dict]:
    """One in-process scan with tempfile's root redirected (so its temporary paths are recognisable)."""
    tmp_root.mkdir(exist_ok=True)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_root))
    options = ScanOptions()
    options.jobs = 2
    packages, scanner = cli.run_scan(targets, requirement_files, index_url, options, progress=False)
    monkeypatch.setattr(tempfile, "tempdir", None)
    return packages, dict(scanner.rules)


@pytest.fixture(scope="module")
def folder_scan(tmp_path_factory) -> tuple[Path, list[dict]]:
    """The same folder scanned twice, from a copy in the working directory: two SARIF logs."""
    base = tmp_path_factory.mktemp("sarif-folder")
    shutil.copytree(WHOLE_FILE_SAMPLE, base / "vendor" / "pgsetup")
    logs = []
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(base)
        for run in range(2):
            packages, meta = _scan(["vendor/pgsetup"], [], "https://example.invalid/simple", base / f"tmp{run}", mp)
            logs.append(sarif.build(packages, meta))
    return base, logs


def test_folder_scan_with_a_whole_file_yara_finding_is_valid(folder_scan) -> None:
    _, (log, _) = folder_scan
    whole_file = [r for r in log["runs"][0]["results"] if r["properties"].get("whole_file")]
    assert whole_file, "the sample must give a whole-file YARA finding (the bundled .exe)"
    assert sarif_problems(log) == []
    location = whole_file[0]["locations"][0]["physicalLocation"]
    assert location["region"]["startLine"] == 1
    assert location["artifactLocation"]["uri"] == "vendor/pgsetup/pygame_fastinstall/bin/pgsetup.exe"


def test_the_validator_is_not_vacuous(folder_scan) -> None:
    _, (log, _) = folder_scan
    broken = json.loads(json.dumps(log))
    result = broken["runs"][0]["results"][0]
    del result["locations"][0]["physicalLocation"]["region"]["startLine"]
    del result["partialFingerprints"]
    result["level"] = "fatal"
    problems = sarif_problems(broken)
    assert any(p.startswith("schema:") for p in problems)  # level enum, region anyOf
    assert any("partialFingerprints" in p for p in problems) and any("startLine" in p for p in problems)


def test_fingerprints_are_equal_across_runs(folder_scan) -> None:
    _, (first, second) = folder_scan

    def prints(log: dict) -> list[tuple[str, str]]:
        return sorted((r["ruleId"], r["partialFingerprints"]["antivenom/v1"]) for r in log["runs"][0]["results"])

    assert prints(first) == prints(second)
    assert len({p for _, p in prints(first)}) == len(prints(first)), "distinct findings, distinct fingerprints"


def test_every_rule_of_both_packs_is_described(folder_scan) -> None:
    _, (log, _) = folder_scan
    rules = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    pack = all_rules(semgrep_dir(), yara_dir())
    assert {r.rule_id for r in pack} <= set(rules)
    assert {"semgrep", "yara", "lines", "antivenom"} == {r["properties"]["engine"] for r in rules.values()}
    for rule in rules.values():
        assert rule["help"]["text"] and rule["shortDescription"]["text"]
        assert "security" in rule["properties"]["tags"] and len(rule["properties"]["tags"]) >= 3
    assert "packed-binary" in rules["pe_executable_program"]["properties"]["tags"]


def test_dependency_file_origin_is_the_primary_location() -> None:
    finding = Finding(rule_id="exec-decoded-payload", engine="semgrep", path="evil/__init__.py", line=3,
                      behaviours=["code-execution"], techniques=["code-obfuscation"], severity="ERROR",
                      confidence="HIGH", message="decoded payload run", evidence="exec(b64decode(P))")
    package = Package(target="uv.lock: evil==1.0", source=Path(tempfile.gettempdir()) / "x" / "evil-1.0.tar.gz",
                      name="evil", version="1.0", findings=[finding], verdict="malicious",
                      origin=("uv.lock", 42))
    log = sarif.build([package])
    assert sarif_problems(log) == []
    (result,) = log["runs"][0]["results"]
    primary = result["locations"][0]["physicalLocation"]
    assert primary == {"artifactLocation": {"uri": "uv.lock"}, "region": {"startLine": 42}}
    related = result["relatedLocations"][0]["physicalLocation"]
    assert related["artifactLocation"]["uri"] == "pypi:evil/1.0/evil-1.0.tar.gz/evil/__init__.py"
    assert related["region"]["startLine"] == 3
    assert "evil 1.0: evil/__init__.py:3" in result["message"]["text"]
    assert result["properties"]["origin"] == {"file": "uv.lock", "line": 42}
    assert tempfile.gettempdir() not in json.dumps(log)


def test_requirements_and_pypi_scans_hold_no_temporary_path(index_server, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Fetched packages, an archive and an unreadable archive, in every format."""
    system_tmp = tempfile.gettempdir()
    work = tmp_path / "repo"
    work.mkdir()
    (work / "requirements.txt").write_text("goodpkg==2.0\nsdistonly\n")
    (work / "broken-1.0.tar.gz").write_bytes(b"\x1f\x8b\x08\x00" + b"\x00" * 40)
    monkeypatch.chdir(work)
    scan_root = tmp_path / "scan-tmp"
    packages, meta = _scan(["pypi:goodpkg==1.0", "broken-1.0.tar.gz"], [Path("requirements.txt")],
                           index_server.html_url, scan_root, monkeypatch)
    assert {p.name for p in packages if p.fetched} == {"goodpkg", "sdistonly"}
    assert any(p.findings for p in packages if p.fetched), "the fetched payload must be reported"
    outputs = {"text": render(packages, "text"), "json": render(packages, "json"),
               "sarif": render(packages, "sarif", ReportContext(rules=meta))}
    for fmt, output in outputs.items():
        assert str(scan_root) not in output, fmt
        assert system_tmp + "/" not in output, fmt
        assert not re.search(r"antivenom-(dl-)?[a-z0-9_]{8}", output), fmt  # tempfile's names under our prefixes
    log = json.loads(outputs["sarif"])
    assert sarif_problems(log) == []
    results = log["runs"][0]["results"]
    from_file = [r for r in results if r["properties"].get("version") == "2.0" and r["ruleId"] != "package-error"]
    assert from_file, "goodpkg 2.0 (from requirements.txt) has findings"
    for result in from_file:  # primary: the requirement's line; the file inside the package: related
        assert result["locations"][0]["physicalLocation"] == {"artifactLocation": {"uri": "requirements.txt"},
                                                              "region": {"startLine": 1}}
        related = result["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert related.startswith("pypi:goodpkg/2.0/goodpkg-2.0"), related
    sources = {p["source"] for p in json.loads(outputs["json"])["packages"] if p["name"] == "goodpkg"}
    assert "goodpkg-2.0.tar.gz" in sources


def test_unreadable_and_incomplete_packages_raise_alerts() -> None:
    from antivenom.model import Skip

    broken = Package(target="uv.lock: evil==1.0", name="evil", version="1.0", verdict="error",
                     error="fetch failed: sha256 does not match the lock", origin=("uv.lock", 7))
    partial = Package(target="vendor/big", source=Path("vendor/big"), root=Path("vendor/big"), name="big",
                      skipped=[Skip("data/blob.bin", "larger than 20 bytes (99)")])
    log = sarif.build([broken, partial])
    assert sarif_problems(log) == []
    results = {r["ruleId"]: r for r in log["runs"][0]["results"]}
    error = results["package-error"]
    assert error["level"] == "error" and "sha256 does not match" in error["message"]["text"]
    assert error["locations"][0]["physicalLocation"] == {"artifactLocation": {"uri": "uv.lock"},
                                                         "region": {"startLine": 7}}
    incomplete = results["package-incomplete"]
    assert incomplete["level"] == "warning" and "data/blob.bin" in incomplete["message"]["text"]
    assert incomplete["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "vendor/big"
