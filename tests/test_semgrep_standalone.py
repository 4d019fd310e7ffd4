"""The Semgrep pack works in someone else's CI with plain `semgrep`, no runner:
`semgrep scan --config rules/semgrep` in a checkout, `--config "$(antivenom rules path)/semgrep"`
wherever antivenom is installed."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from antivenom.engines.semgrep_process import semgrep_command

REPO = Path(__file__).resolve().parents[1]
ENV = dict(os.environ, SEMGREP_ENABLE_VERSION_CHECK="0")
RULE = "exec-decoded-payload"

# Defanged: the "hidden" code only prints.
MALICIOUS = 'import base64\n\nexec(base64.b64decode("cHJpbnQoImRlbW8iKQ=="))\n'
BENIGN = 'import base64\n\nICON = base64.b64decode("iVBORw0KGgo=")\nprint(len(ICON))\n'


def _antivenom() -> str:
    found = shutil.which("antivenom", path=str(Path(sys.executable).parent)) or shutil.which("antivenom")
    assert found, "the antivenom console script is not installed"
    return found


def _rule_ids(report: dict, path_suffix: str) -> set[str]:
    # Semgrep prefixes ids with the config folder's dotted path; our ids have no dots.
    return {r["check_id"].rsplit(".", 1)[-1] for r in report["results"] if r["path"].endswith(path_suffix)}


def _pack_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*.yaml")}


def test_rules_path_is_the_checkout_pack() -> None:
    # So one Semgrep run below stands for both `--config rules/semgrep` and the installed path,
    # editable install or wheel alike.
    printed = subprocess.run([_antivenom(), "rules", "path"], capture_output=True, text=True, check=True).stdout
    installed = _pack_files(Path(printed.strip()) / "semgrep")
    assert installed, printed
    assert installed == _pack_files(REPO / "rules" / "semgrep")


def test_plain_semgrep_with_the_pack_flags_the_payload_and_fails_with_error(tmp_path: Path) -> None:
    (tmp_path / "evilpkg").mkdir()
    (tmp_path / "evilpkg" / "loader.py").write_text(MALICIOUS)
    (tmp_path / "goodpkg").mkdir()
    (tmp_path / "goodpkg" / "icons.py").write_text(BENIGN)
    # The README's CI line, through a shell, from outside the checkout.
    script = (f'{shlex.join(semgrep_command())} scan --metrics=off --quiet --json -j 1 '
              f'--config "$({shlex.quote(_antivenom())} rules path)/semgrep" --error .')
    completed = subprocess.run(["bash", "-c", script], cwd=tmp_path, capture_output=True, text=True,
                               env=ENV, check=False)

    assert completed.returncode == 1, completed.stderr[-2000:]  # --error: findings; 2+ would be a failure
    report = json.loads(completed.stdout)
    assert report["errors"] == []
    assert RULE in _rule_ids(report, "evilpkg/loader.py")
    assert _rule_ids(report, "goodpkg/icons.py") == set()
