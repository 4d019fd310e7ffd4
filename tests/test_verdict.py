"""Findings -> score and verdict (antivenom.verdict.decide)."""

from __future__ import annotations

import pytest
from antivenom.model import Finding, Package
from antivenom.verdict import SUSPICIOUS_SCORE, decide, points, worst


def finding(rule_id="r1", severity="WARNING", confidence="MEDIUM", vector="install-time",
            behaviours=("command-execution",), line=3, suppressed=None) -> Finding:
    return Finding(rule_id=rule_id, engine="semgrep", path="setup.py", line=line, behaviours=list(behaviours),
                   techniques=[], severity=severity, confidence=confidence, message="m", evidence="e",
                   attack_vector=vector, suppressed=suppressed)


def decided(*findings: Finding, error: str | None = None) -> Package:
    package = Package(target="t", name="n", version="1", findings=list(findings), error=error)
    decide(package)
    return package


def test_no_findings_is_clean():
    package = decided()
    assert (package.verdict, package.score, package.verdict_reason) == ("clean", 0, "no findings")


def test_one_high_error_action_at_install_time_is_malicious():
    package = decided(finding(severity="ERROR", confidence="HIGH", vector="install-time"))
    assert package.verdict == "malicious"
    assert package.verdict_reason == "decisive: action r1 at setup.py:3 (install-time)"
    assert package.reasons == [package.verdict_reason]


def test_one_high_error_action_at_runtime_needs_a_corroborator():
    package = decided(finding(severity="ERROR", confidence="HIGH", vector="runtime"))
    assert package.verdict == "suspicious"
    assert package.reasons == []


@pytest.mark.parametrize("severity", ["ERROR", "WARNING"])
@pytest.mark.parametrize("vector", ["install-time", "import-time", "runtime"])
def test_one_medium_finding_is_suspicious_never_malicious(severity, vector):
    # even one that spans two behaviours: a single rule is a single signal
    package = decided(finding(severity=severity, vector=vector, behaviours=("command-execution", "remote-control")))
    assert package.verdict == "suspicious"


def test_high_confidence_warning_is_not_decisive_alone():
    assert decided(finding(severity="WARNING", confidence="HIGH")).verdict == "suspicious"


@pytest.mark.parametrize("vector_a,vector_b", [("install-time", "install-time"), ("install-time", "import-time"),
                                               ("import-time", "import-time")])
def test_two_medium_rules_two_behaviours_at_load_time_is_malicious(vector_a, vector_b):
    package = decided(finding("r1", vector=vector_a, behaviours=("command-execution",)),
                      finding("r2", vector=vector_b, behaviours=("information-stealing",)))
    assert package.verdict == "malicious"
    assert package.verdict_reason.startswith("load-time-pair: 2 rules (r1, r2) across command-execution, "
                                             "information-stealing")


def test_two_medium_rules_two_behaviours_at_runtime_is_suspicious():
    package = decided(finding("r1", vector="runtime", behaviours=("command-execution",)),
                      finding("r2", vector="runtime", behaviours=("information-stealing",)))
    assert package.verdict == "suspicious"


def test_one_of_the_two_at_runtime_is_suspicious():
    package = decided(finding("r1", vector="install-time", behaviours=("command-execution",)),
                      finding("r2", vector="runtime", behaviours=("information-stealing",)))
    assert package.verdict == "suspicious"


def test_two_rules_same_behaviour_is_suspicious():
    package = decided(finding("r1"), finding("r2"))
    assert package.verdict == "suspicious"


def test_two_rules_same_behaviour_with_an_error_at_load_time_is_malicious():
    network = finding("setup-net", severity="ERROR", behaviours=("information-stealing",))
    fingerprint = finding("fingerprint", behaviours=("information-stealing",))
    package = decided(network, fingerprint)
    assert package.verdict == "malicious"
    assert package.verdict_reason == ("load-time-pair: 2 rules (fingerprint, setup-net) across information-stealing"
                                      " at install/import time")
    assert decided(network).verdict == "suspicious"  # the ERROR alone, at MEDIUM confidence
    runtime = finding("fingerprint", vector="runtime", behaviours=("information-stealing",))
    assert decided(network, runtime).verdict == "suspicious"  # both must run at load time


def test_one_rule_twice_across_lines_is_suspicious():
    package = decided(finding("r1", line=3, behaviours=("command-execution",)),
                      finding("r1", line=9, behaviours=("information-stealing",)))
    assert package.verdict == "suspicious"


def test_low_confidence_only_is_clean():
    package = decided(finding("r1", severity="ERROR", confidence="LOW"),
                      finding("r2", severity="WARNING", confidence="LOW", behaviours=("code-execution",)))
    assert package.score < SUSPICIOUS_SCORE
    assert package.verdict == "clean"
    assert package.verdict_reason == "2 weak finding(s) only"


def test_many_weak_rules_reach_suspicious_by_score_never_malicious():
    # README: a score of 20 or more is suspicious; weak findings alone never make malicious.
    weak = [finding(f"r{i}", severity="ERROR", confidence="LOW", behaviours=(b,))
            for i, b in enumerate(("command-execution", "code-execution", "information-stealing"))]
    package = decided(*weak)
    assert package.score >= SUSPICIOUS_SCORE
    assert package.verdict == "suspicious"


def test_suppressed_findings_do_not_count():
    strong = finding(severity="ERROR", confidence="HIGH", suppressed="ignore file: reviewed")
    package = decided(strong)
    assert (package.verdict, package.score) == ("clean", 0)
    assert package.findings == [strong]  # still listed in the report
    mixed = decided(strong, finding("r2", severity="INFO", confidence="LOW"))
    assert mixed.verdict == "clean"


def test_error_package_is_error_whatever_its_findings():
    package = decided(finding(severity="ERROR", confidence="HIGH"), error="unsafe or unreadable archive: x")
    assert (package.verdict, package.score, package.verdict_reason) == (
        "error", 0, "unsafe or unreadable archive: x")


def test_score_is_bounded_and_a_repeated_rule_counts_once():
    repeated = decided(*[finding("r1", severity="WARNING", confidence="MEDIUM", line=i) for i in range(1, 51)])
    once = decided(finding("r1", severity="WARNING", confidence="MEDIUM"))
    assert repeated.score == once.score == round(points(once.findings[0])) == 12
    many = decided(*[finding(f"r{i}", severity="ERROR", confidence="HIGH") for i in range(50)])
    assert many.score == 100
    for package in (repeated, once, many, decided()):
        assert 0 <= package.score <= 100


def test_best_finding_of_a_rule_counts():
    package = decided(finding("r1", severity="WARNING", confidence="MEDIUM", vector="runtime"),
                      finding("r1", severity="WARNING", confidence="MEDIUM", vector="install-time"))
    assert package.score == 12  # 20 x 0.6 x 1.0, not 20 x 0.6 x 0.75 nor the sum


def test_worst_verdict():
    assert worst([]) == "clean"
    assert worst(["clean", "suspicious"]) == "suspicious"
    assert worst(["malicious", "suspicious", "clean"]) == "malicious"
    assert worst(["malicious", "error"]) == "error"


def test_auxiliary_findings_are_never_decisive_alone():
    shell = finding(severity="ERROR", confidence="HIGH", vector="runtime")
    shell.auxiliary = True
    package = decided(shell)
    assert package.verdict == "suspicious"
    assert package.score == round(points(shell))  # still counted, still shown


def test_auxiliary_findings_do_not_make_the_two_behaviour_case():
    a = finding("a", behaviours=("command-execution",))
    b = finding("b", behaviours=("information-stealing",))
    b.auxiliary = True
    assert decided(a, b).verdict == "suspicious"
    b.auxiliary = False
    assert decided(a, b).verdict == "malicious"
