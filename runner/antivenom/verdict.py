"""Combine a package's findings into a score and a verdict.

The rule, also written in README.md ("Verdict"); the table itself is data
(data/corroboration.yaml, read by evidence.py):

- `error`: the package could not be read (bad archive, fetch failure).
- `malicious`: a row of the corroboration table fires - a high-confidence
  action at install/import time or a high-confidence flow; an install/import-time
  action corroborated by an independent signal (host collection, an encoded
  endpoint, an out-of-band destination, a typosquatted name...); two rules at
  install/import time; a high-confidence runtime action with a corroborating
  signal. A *mention* (a constant naming the thing) never decides alone, and
  findings in auxiliary files (tests, examples, docs, CI scripts no package code
  names; see vectors.py) count towards `suspicious` only.
- `suspicious`: any action or flow of at least MEDIUM confidence and WARNING
  severity, a mention as strong at install/import time, or a score of 20 or
  more from actions and flows.
- `clean`: otherwise (weak findings are still listed).

Every row that fires is listed in package.reasons (`why:` lines in text).

Score (0-100, for ranking): per rule, the best of its findings counts once —
severity points (ERROR 40, WARNING 20, INFO 5) x confidence (HIGH 1, MEDIUM
0.6, LOW 0.25) x vector (install/import-time 1, runtime 0.75) — summed, capped
at 100. A single weak signal (one subprocess call, one base64 use) can never
reach `malicious`.
"""

from __future__ import annotations

from . import evidence
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


def decide(package: Package) -> None:
    """Set package.score, .verdict, .verdict_reason and .reasons from its findings."""
    package.reasons = []
    if package.error:
        package.score, package.verdict, package.verdict_reason = 0, "error", package.error
        return
    active = [f for f in package.findings if not f.suppressed]
    best: dict[str, float] = {}
    for finding in active:
        best[finding.rule_id] = max(best.get(finding.rule_id, 0.0), points(finding))
    package.score = min(100, round(sum(best.values())))

    fired = evidence.fired_rows(package, active)
    package.reasons = [f"{row.id}: {why}" for row, why in fired]
    if fired:
        row, why = fired[0]
        package.verdict = row.verdict
        package.verdict_reason = f"{row.id}: {why}"
        return
    # A mention alone (a path, a URL, a binary's bytes) is suspicious only where it loads with the package.
    strong = [f for f in active if evidence.is_strong(f)
              and (evidence.kind_of(f) != "mention" or f.attack_vector in evidence.LOAD_TIME)]
    doing = sum(v for rule_id, v in best.items() if evidence.rule_facts().get(rule_id, ("action",))[0] != "mention")
    if strong or min(100, round(doing)) >= SUSPICIOUS_SCORE:
        package.verdict = "suspicious"
        named = strong[0] if strong else max(active, key=points)
        package.verdict_reason = (f"{evidence.kind_of(named)} {named.rule_id} at {evidence.where(named)}"
                                  f" ({named.attack_vector}{', auxiliary file' if named.auxiliary else ''}),"
                                  f" uncorroborated; score {package.score}")
        return
    package.verdict = "clean"
    package.verdict_reason = f"{len(active)} weak finding(s) only" if active else "no findings"


def worst(verdicts: list[str]) -> str:
    return Verdict.worst(verdicts)
