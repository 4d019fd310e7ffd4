"""Confidence is earned: a rule's declared confidence must fit its measured benign hit rate.

bench/results/rule-calibration.json is written by bench/calibrate.py from recorded scans
of the dev malware and the benign dev set (>= 1,000 popular packages).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from antivenom.rule_management import all_rules
from antivenom.rule_metadata import semgrep_dir, yara_dir

CALIBRATION = Path(__file__).resolve().parents[1] / "bench" / "results" / "rule-calibration.json"


@pytest.fixture(scope="module")
def measured() -> dict:
    if not CALIBRATION.is_file():
        pytest.skip("no calibration recorded: run bench/calibrate.py")
    return json.loads(CALIBRATION.read_text())


def test_calibration_is_measured_on_a_wide_benign_set(measured):
    assert measured["benign_names"] >= 1000
    assert measured["malicious_names"] >= 1000


def test_declared_confidence_fits_the_measured_benign_rate(measured):
    """Uses the rules' *current* confidence, so raising one without measuring fails here."""
    limits = measured["limits"]
    wrong = []
    for rule in all_rules(semgrep_dir(), yara_dir()):
        row = measured["rules"].get(rule.rule_id)
        if row is None or row["benign_rate"] is None:
            continue  # a rule newer than the measurement: measured at the next calibration
        if row["benign_rate"] > limits[rule.confidence]:
            wrong.append(f"{rule.rule_id}: {rule.confidence} but hits {row['benign_rate']:.2%} of benign names "
                         f"(limit {limits[rule.confidence]:.1%}), e.g. {', '.join(row['benign_examples'][:3])}")
    assert not wrong, "\n".join(wrong)


def test_a_standalone_rule_hits_no_benign_package(measured):
    """`standalone` lets a runtime action decide alone: only a rule with no benign hit at all earns it."""
    wrong = []
    for rule in all_rules(semgrep_dir(), yara_dir()):
        if rule.raw.get("standalone") is not True:
            continue
        row = measured["rules"].get(rule.rule_id)
        if row is None or row["benign_rate"] is None:
            wrong.append(f"{rule.rule_id}: standalone but never measured")
        elif row["benign_names"] or row["benign_auxiliary_names"]:
            wrong.append(f"{rule.rule_id}: standalone but hits {row['benign_names']} benign package(s) "
                         f"and {row['benign_auxiliary_names']} in auxiliary files")
    assert not wrong, "\n".join(wrong)
