"""rules/antivenom.semgrep.yaml: the whole Semgrep pack in one generated file for plain Semgrep,
ids `antivenom.<id>` that hold no install path (with --no-rewrite-rule-ids), kept current."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
from pathlib import Path
from types import ModuleType

import pytest
import yaml
from antivenom import model
from antivenom.engines.semgrep_process import semgrep_command
from antivenom.rule_metadata import semgrep_rules
from antivenom.scanner import Scanner, ScanOptions

REPO = Path(__file__).resolve().parents[1]
CONFIG = REPO / "rules" / "antivenom.semgrep.yaml"
ENV = dict(os.environ, SEMGREP_ENABLE_VERSION_CHECK="0")
MALICIOUS = 'import base64\n\nexec(base64.b64decode("cHJpbnQoImRlbW8iKQ=="))\n'  # defanged: prints


@pytest.fixture(scope="module")
def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_semgrep_config", REPO / "scripts"
                                                  / "generate_semgrep_config.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_shipped_config_is_current(generator: ModuleType) -> None:
    assert CONFIG.read_text(encoding="utf-8") == generator.build(), \
        "stale: run python scripts/generate_semgrep_config.py"


def test_every_rule_once_namespaced_and_otherwise_unchanged() -> None:
    shipped = {rule["id"]: rule for rule in yaml.safe_load(CONFIG.read_text())["rules"]}
    pack = semgrep_rules()
    assert set(shipped) == {f"antivenom.{rule_id}" for rule_id in pack}
    for rule_id, meta in pack.items():
        source = next(r for r in yaml.safe_load(meta.path.read_text())["rules"] if r["id"] == rule_id)
        assert shipped[f"antivenom.{rule_id}"] == {**source, "id": f"antivenom.{rule_id}"}


def test_the_generator_detects_a_stale_file(generator: ModuleType, tmp_path: Path) -> None:
    rule = yaml.safe_load((REPO / "rules" / "semgrep" / "code-execution" / "exec-decoded-payload.yaml").read_text())
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "exec-decoded-payload.yaml").write_text(yaml.safe_dump(rule))
    assert "- id: antivenom.exec-decoded-payload" in generator.build(tmp_path)
    assert generator.build(tmp_path) != CONFIG.read_text()


def test_plain_semgrep_ids_hold_no_path(tmp_path: Path) -> None:
    """Installed deep under some site-packages, scanned from elsewhere: check_id is `antivenom.<id>`."""
    installed = tmp_path / "venv" / "lib" / "python3.12" / "site-packages" / "antivenom" / "rules"
    installed.mkdir(parents=True)
    shutil.copy(CONFIG, installed)
    project = tmp_path / "project"
    (project / "vendor" / "evilpkg").mkdir(parents=True)
    (project / "vendor" / "evilpkg" / "loader.py").write_text(MALICIOUS)
    completed = subprocess.run(
        [*semgrep_command(), "scan", "--metrics=off", "--quiet", "--json", "-j", "1", "--no-rewrite-rule-ids",
         "--config", str(installed / CONFIG.name), "--error", "vendor/"],
        cwd=project, capture_output=True, text=True, env=ENV, check=False)
    assert completed.returncode == 1, completed.stderr[-2000:]
    report = json.loads(completed.stdout)
    assert report["errors"] == []
    ids = {r["check_id"] for r in report["results"]}
    assert "antivenom.exec-decoded-payload" in ids
    assert all(i.startswith("antivenom.") and i.count(".") == 1 for i in ids), ids


def test_the_runner_reads_namespaced_ids_as_plain_ids(tmp_path: Path) -> None:
    package_dir = tmp_path / "evilpkg"
    (package_dir / "evilpkg").mkdir(parents=True)
    (package_dir / "evilpkg" / "__init__.py").write_text(MALICIOUS)
    options = ScanOptions(semgrep_config=CONFIG)
    options.jobs = 1
    (package,) = Scanner(options).scan([model.Package(target=str(package_dir), source=package_dir,
                                                      root=package_dir, name="evilpkg")])
    semgrep_ids = {f.rule_id for f in package.findings if f.engine == "semgrep"}
    assert "exec-decoded-payload" in semgrep_ids and not any("." in i for i in semgrep_ids)
    finding = next(f for f in package.findings if f.rule_id == "exec-decoded-payload")
    assert finding.behaviours == ["code-execution"], "metadata found under the plain id"
