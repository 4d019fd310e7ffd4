"""From engines' hits to a package's findings: rule metadata, attack vector, suppressions.

Engine-neutral: a hit names a rule and a file; the rule's metadata (behaviours,
techniques, severity, confidence, the vector hint) comes from the engine that loaded it.
One finding per (rule, path, line): the first engine to report it wins.
"""

from __future__ import annotations

from collections.abc import Mapping

from . import derived
from .content import ContentFile, ContentStore
from .engines import Hit
from .enums import Confidence, Severity
from .model import Finding, Package
from .ownrules import REASON as OWN_RULES_REASON
from .ownrules import is_own_rule_file
from .rule_metadata import RuleMeta
from .suppressions import Suppressions
from .vectors import VectorClassifier


def to_finding(engine: str, hit: Hit, meta: RuleMeta | None) -> tuple[Finding, str | None]:
    """The finding, and the rule's attack-vector hint."""
    severity = hit.severity or (meta.severity if meta else Severity.WARNING)
    message = hit.message if hit.message is not None else (meta.description if meta else "")
    finding = Finding(
        rule_id=hit.rule_id, engine=engine, path=hit.file.rel, line=hit.line, end_line=hit.end_line,
        offset=hit.offset, behaviours=list(meta.behaviours) if meta else [],
        techniques=list(meta.techniques) if meta else [], severity=severity,
        confidence=meta.confidence if meta else Confidence.LOW, message=message, evidence=hit.evidence,
    )
    return finding, meta.attack_vector if meta else None


def _hit_order(hit: Hit) -> tuple:
    return (hit.file.derived is not None, hit.file.rel, hit.line or 0, hit.rule_id, hit.end_line or 0,
            hit.offset or 0, hit.evidence)


def add_findings(package: Package, files: list[ContentFile], store: ContentStore,
                 hits: list[tuple[str, Mapping[str, RuleMeta], list[Hit]]], suppressions: Suppressions) -> None:
    """Every engine's hits on this package's files as findings, in engine order."""
    root = package.root
    assert root is not None
    python_files = [f.rel for f in files if f.path.suffix in (".py", ".pyw")]
    wheel = package.source is not None and package.source.name.lower().endswith(".whl")
    vectors = VectorClassifier(lambda rel: store.read(root / rel), python_files, installed_layout=wheel)
    named = derived.NamedByCode(python_files, lambda rel: store.read(root / rel))
    seen: set[tuple[str, str, int | None]] = set()
    for engine, rules, engine_hits in hits:
        # The package's own files first: a decoded layer's finding the real file already has is dropped.
        # Then a total order, not the order hits arrived in (cached copies, threads, a worker's
        # chunk history): the same package gives the same findings in any process.
        for hit in sorted(engine_hits, key=_hit_order):
            if not derived.keeps(hit):
                continue
            where = derived.origin(hit, store) if hit.file.derived is not None else None
            key = (hit.rule_id, where[0], where[1]) if where else (hit.rule_id, hit.file.rel, hit.line)
            if key in seen:
                continue
            seen.add(key)
            finding, hint = to_finding(engine, hit, rules.get(hit.rule_id))
            if where:
                finding.path, finding.line, finding.evidence, finding.decoded_from = where
                finding.end_line = finding.offset = None
            finding.attack_vector, finding.vector_reason = vectors.classify(finding.path, finding.line, hint)
            finding.auxiliary = derived.auxiliary(finding.path, vectors, named) if where else \
                finding.line is not None and vectors.is_auxiliary(finding.path)
            line_text = store.line(root / finding.path, finding.line) if suppressions.honour_inline and finding.line \
                else b""
            finding.suppressed = suppressions.reason_for(finding, package.name, line_text)
            if finding.suppressed is None and is_own_rule_file(hit.file.path):
                finding.suppressed = OWN_RULES_REASON
            package.findings.append(finding)
