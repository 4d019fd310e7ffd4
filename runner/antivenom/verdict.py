"""Combine a package's findings into a score and a verdict.

The rule, also written in README.md ("Verdict"):

- `error`: the package could not be read (bad archive, fetch failure).
- `malicious`: a finding of severity ERROR and confidence HIGH; or findings of
  at least MEDIUM confidence and WARNING severity from two or more rules,
  covering two or more behaviours or including one of severity ERROR, all in
  code that runs at install or import time. Findings in auxiliary files (tests, examples, docs, CI scripts that no
  package code names; see vectors.py) count towards `suspicious` only.
- `suspicious`: any finding of at least MEDIUM confidence and WARNING
  severity, or a score of 20 or more.
- `clean`: otherwise (weak findings are still listed).

Score (0-100, for ranking): per rule, the best of its findings counts once —
severity points (ERROR 40, WARNING 20, INFO 5) x confidence (HIGH 1, MEDIUM
0.6, LOW 0.25) x vector (install/import-time 1, runtime 0.75) — summed, capped
at 100. A single weak signal (one subprocess call, one base64 use) can never
reach `malicious`.
"""

from __future__ import annotations

from .enums import Verdict
from .model import Finding, Package

SEVERITY_POINTS = {"ERROR": 40, "WARNING": 20, "INFO": 5}
CONFIDENCE_FACTOR = {"HIGH": 1.0, "MEDIUM": 0.6, "LOW": 0.25}
VECTOR_FACTOR = {"install-time": 1.0, "import-time": 1.0, "runtime": 0.75}
SUSPICIOUS_SCORE = 20
VERDICT_ORDER = Verdict.order()  # clean < suspicious < malicious < error


def points(finding: Finding) -> float:
    return (
        SEVERITY_POINTS.get(finding.severity, 5)
        * CONFIDENCE_FACTOR.get(finding.confidence, 0.25)
        * VECTOR_FACTOR.get(finding.attack_vector, 0.75)
    )


def _strong(finding: Finding) -> bool:
    return finding.confidence in ("HIGH", "MEDIUM") and finding.severity in ("ERROR", "WARNING")


def _where(finding: Finding) -> str:
    return f"{finding.path}:{finding.line}" if finding.line else finding.path


def decide(package: Package) -> None:
    """Set package.score, .verdict and .verdict_reason from its findings."""
    if package.error:
        package.score, package.verdict, package.verdict_reason = 0, "error", package.error
        return
    active = [f for f in package.findings if not f.suppressed]
    best: dict[str, float] = {}
    for finding in active:
        best[finding.rule_id] = max(best.get(finding.rule_id, 0.0), points(finding))
    package.score = min(100, round(sum(best.values())))

    decisive = [f for f in active if f.severity == "ERROR" and f.confidence == "HIGH" and not f.auxiliary]
    if decisive:
        first = decisive[0]
        package.verdict = "malicious"
        package.verdict_reason = f"high-confidence finding {first.rule_id} at {_where(first)} ({first.attack_vector})"
        return
    at_load = [f for f in active if _strong(f) and f.attack_vector in ("install-time", "import-time")
               and not f.auxiliary]
    behaviours = sorted({b for f in at_load for b in f.behaviours})
    rules = {f.rule_id for f in at_load}
    corroborated_error = len(rules) >= 2 and any(f.severity == "ERROR" for f in at_load)
    if len(rules) >= 2 and (len(behaviours) >= 2 or corroborated_error):
        vectors = sorted({f.attack_vector for f in at_load})
        package.verdict = "malicious"
        package.verdict_reason = (
            f"{len(rules)} rules across {', '.join(behaviours)} in {' and '.join(vectors)} code"
        )
        if len(behaviours) < 2:
            error = next(f for f in at_load if f.severity == "ERROR")
            package.verdict_reason += f", corroborating the ERROR finding {error.rule_id} at {_where(error)}"
        return
    strong = [f for f in active if _strong(f)]
    if strong or package.score >= SUSPICIOUS_SCORE:
        package.verdict = "suspicious"
        named = strong[0] if strong else max(active, key=points)
        package.verdict_reason = f"{named.rule_id} at {_where(named)}; score {package.score}"
        return
    package.verdict = "clean"
    package.verdict_reason = f"{len(active)} weak finding(s) only" if active else "no findings"


def worst(verdicts: list[str]) -> str:
    return Verdict.worst(verdicts)
