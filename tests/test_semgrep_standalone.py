"""The Semgrep pack works in someone else's CI with plain `semgrep`, no runner:
`semgrep scan --config rules/semgrep` and `--config "$(antivenom rules path)/semgrep"`."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from antivenom.semgrep_engine import semgrep_command

REPO = Path(__file__).resolve().parents[1]
ENV = dict(os.environ, SEMGREP_ENABLE_VERSION_CHECK="0")
RULE = "exec-decoded-payload"

# Defanged: the "hidden" code only prints.
MALICIOUS = 'import base64\n\nexec(base64.b64decode("cHJpbnQoImRlbW8iKQ=="))\n'
BENIGN = 'import base64\n\nICON = base64.b64decode("iVBORw0KGgo=")\nprint(len(ICON))\n'


def _rule_ids(report: dict, path_suffix: str) -> set[str]:
    # Semgrep prefixes ids with the config folder's dotted path; our ids have no dots.
    return {r["check_id"].rsplit(".", 1)[-1] for r in report["results"] if r["path"].endswith(path_suffix)}


@pytest.fixture
def fixture_dir(tmp_path: Path) -> Path:
    (tmp_path / "evilpkg").mkdir()
    (tmp_path / "evilpkg" / "loader.py").write_text(MALICIOUS)
    (tmp_path / "goodpkg").mkdir()
    (tmp_path / "goodpkg" / "icons.py").write_text(BENIGN)
    return tmp_path


def test_repo_pack_finds_the_payload_and_spares_the_look_alike(fixture_dir: Path) -> None:
    completed = subprocess.run(
        [*semgrep_command(), "scan", "--metrics=off", "--quiet", "--json", "-j", "1",
         "--config", str(REPO / "rules" / "semgrep"), str(fixture_dir)],
        capture_output=True, text=True, env=ENV, check=False,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    report = json.loads(completed.stdout)
    assert report["errors"] == []
    assert RULE in _rule_ids(report, "evilpkg/loader.py")
    assert _rule_ids(report, "goodpkg/icons.py") == set()


def test_installed_pack_path_with_error_exits_non_zero(fixture_dir: Path) -> None:
    # Exactly the README's CI line, through a shell: the pack found via `antivenom rules path`.
    found = shutil.which("antivenom", path=str(Path(sys.executable).parent)) or shutil.which("antivenom")
    assert found, "the antivenom console script is not installed"
    antivenom = shlex.quote(found)
    script = (f'{shlex.join(semgrep_command())} scan --metrics=off --quiet --json -j 1 '
              f'--config "$({antivenom} rules path)/semgrep" --error {shlex.quote(str(fixture_dir / "evilpkg"))}')
    completed = subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=ENV, check=False)
    assert completed.returncode != 0, completed.stderr[-2000:]
    report = json.loads(completed.stdout)
    assert report["errors"] == []
    assert RULE in _rule_ids(report, "evilpkg/loader.py")
