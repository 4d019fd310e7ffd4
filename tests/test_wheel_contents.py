"""The wheel carries the rules but no imitation malware (rule tests, corpus), and antivenom
installed from it scans clean; `antivenom rules test` says so when run from the wheel."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from antivenom import cli
from click.testing import CliRunner

REPO = Path(__file__).resolve().parents[1]
pytest.importorskip("hatchling", reason="the wheel is built offline with the installed hatchling ([dev] extra)")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet",
                    "--wheel-dir", str(out), str(REPO)], check=True, capture_output=True, timeout=600)
    (built,) = out.glob("antivenom-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory) -> Path:
    """The wheel unpacked as an installer lays it out in site-packages."""
    site = tmp_path_factory.mktemp("site-packages")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    return site


def test_wheel_has_the_rules_and_no_rule_tests_or_corpus(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    semgrep = [n for n in names if n.startswith("antivenom/rules/semgrep/")]
    assert len([n for n in semgrep if n.endswith(".yaml")]) == len(list((REPO / "rules" / "semgrep").rglob("*.yaml")))
    assert [n for n in semgrep if not n.endswith(".yaml")] == [], "rule tests imitate malware: not in the wheel"
    assert any(n.startswith("antivenom/rules/yara/") and n.endswith(".yar") for n in names)
    assert "antivenom/rules/yara/binaries/binaries.gate" in names, "without its gate binaries.yar runs on every file"
    assert "antivenom/rules/schema/rule-metadata.schema.json" in names
    assert not [n for n in names if "corpus" in n.split("/") or n.startswith(("tests/", "bench/"))]
    assert "antivenom/cli.py" in names


def test_the_installed_package_scans_clean(installed: Path, wheel: Path, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    report = tmp_path / "report.json"
    result = CliRunner().invoke(cli.main, ["scan", str(installed), str(wheel), "--format", "json", "-o", str(report),
                                           "--fail-on", "suspicious", "--jobs", "2"], catch_exceptions=False)
    packages = json.loads(report.read_text())["packages"]
    assert [(p["name"], p["verdict"]) for p in packages] == [("antivenom", "clean")] * 2, \
        [f for p in packages for f in p["findings"] if not f["suppressed"]]
    assert result.exit_code == 0
    # The rule files match themselves, so their findings are excused, visibly, by their exact bytes.
    excused = {f["path"] for p in packages for f in p["findings"] if f["suppressed"]}
    assert excused and all(path.startswith("antivenom/rules/") for path in excused)


def test_an_edited_rule_file_is_not_excused(installed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Byte identity, not a name: a package shipping a changed copy of a rule file is judged on it."""
    fake = tmp_path / "fakepkg"
    stealers = installed / "antivenom" / "rules" / "yara" / "stealers" / "stealers.yar"
    (fake / "fakepkg").mkdir(parents=True)
    (fake / "pyproject.toml").write_text('[project]\nname = "fakepkg"\nversion = "1.0"\n')
    (fake / "fakepkg" / "stealers.yar").write_bytes(stealers.read_bytes() + b"\n")
    monkeypatch.chdir(tmp_path)
    report = tmp_path / "report.json"
    CliRunner().invoke(cli.main, ["scan", "fakepkg", "--format", "json", "-o", str(report), "--exit-zero"],
                       catch_exceptions=False)
    (package,) = json.loads(report.read_text())["packages"]
    assert package["findings"] and not any(f["suppressed"] for f in package["findings"])


def test_rules_test_from_the_wheel_says_there_are_no_tests(installed: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(installed)}
    completed = subprocess.run([sys.executable, "-c", "import sys; from antivenom.cli import main; "
                                "sys.argv = ['antivenom', 'rules', 'test']; main()"],
                               env=env, capture_output=True, text=True, timeout=120, check=False)
    assert completed.returncode == 2, completed.stderr
    assert "no rule tests" in completed.stderr and "source checkout" in completed.stderr
