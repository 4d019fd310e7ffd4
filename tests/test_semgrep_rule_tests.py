"""`semgrep --test` over the whole pack: every rule has a test file beside it, and every
`# ruleid:` / `# ok:` annotation holds."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from antivenom.engines.semgrep_process import semgrep_command

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def semgrep_test_report() -> dict:
    completed = subprocess.run(
        [*semgrep_command(), "--test", "--metrics=off", "--json", "rules/semgrep"],
        cwd=REPO, capture_output=True, text=True,
        env=dict(os.environ, SEMGREP_ENABLE_VERSION_CHECK="0"), check=False,
    )
    assert completed.stdout, completed.stderr[-2000:]
    return json.loads(completed.stdout)


def test_every_rule_file_has_a_test(semgrep_test_report: dict) -> None:
    assert semgrep_test_report["config_missing_tests"] == []
    assert semgrep_test_report["config_with_errors"] == []


def test_every_annotation_holds(semgrep_test_report: dict) -> None:
    failures = [
        f"{config}: {rule_id}: {path}: expected {m['expected_lines']}, reported {m['reported_lines']}"
        for config, result in semgrep_test_report["results"].items()
        for rule_id, check in result["checks"].items()
        if not check["passed"]
        for path, m in check["matches"].items()
    ]
    assert failures == []


def test_the_pack_has_rules_under_test(semgrep_test_report: dict) -> None:
    checked = {rule for result in semgrep_test_report["results"].values() for rule in result["checks"]}
    assert len(checked) >= 10


def test_every_rule_test_has_two_hits_and_two_look_alikes() -> None:
    """Issue #3: at least two true positives and two benign look-alikes beside each rule."""
    thin = []
    for rule in sorted((REPO / "rules" / "semgrep").rglob("*.yaml")):
        for test in rule.parent.glob(rule.stem + ".*"):
            if test.suffix == ".yaml":
                continue
            text = test.read_text(encoding="utf-8")
            hits = len(re.findall(r"(?m)^\s*(#|//)\s*ruleid:", text))
            look_alikes = len(re.findall(r"(?m)^\s*(#|//)\s*ok:", text))
            if hits < 2 or look_alikes < 2:
                thin.append(f"{test.relative_to(REPO)}: {hits} ruleid, {look_alikes} ok")
    assert thin == []
