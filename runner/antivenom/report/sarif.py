"""SARIF 2.1.0 for GitHub code scanning: snippet, CWE and taxonomy IDs in properties.tags."""

from __future__ import annotations

import json
from collections.abc import Mapping

from .. import __version__
from ..enums import Confidence, Severity
from ..model import Finding, Package
from ..rule_metadata import RuleMeta
from . import ReportContext

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_PRECISION = {Confidence.HIGH: "very-high", Confidence.MEDIUM: "high", Confidence.LOW: "medium"}
_SECURITY_SEVERITY = {Severity.ERROR: 9.0, Severity.WARNING: 6.0, Severity.INFO: 3.0}


def _uri(package: Package, finding: Finding) -> str:
    # A directory target's files map onto the repository; an archive's live inside it.
    base = package.target if package.root is not None and package.source == package.root else (
        str(package.source) if package.source is not None else package.target)
    return f"{base.rstrip('/')}/{finding.path}"


def _rule(finding: Finding, meta: RuleMeta | None) -> dict:
    cwe = (meta.raw.get("cwe") if meta else None) or "CWE-506: Embedded Malicious Code"
    cwes = cwe if isinstance(cwe, list) else [cwe]
    tags = ["security", "malicious-code", *finding.behaviours, *finding.techniques,
            *(f"external/cwe/cwe-{c.split(':')[0].split('-')[1]}" for c in cwes)]
    description = meta.description if meta else finding.message
    return {
        "id": finding.rule_id,
        "name": finding.rule_id,
        "shortDescription": {"text": description[:200]},
        "fullDescription": {"text": description},
        "defaultConfiguration": {"level": _LEVEL.get(finding.severity, "warning")},
        "properties": {
            "tags": tags,
            "precision": _PRECISION.get(finding.confidence, "medium"),
            "security-severity": str(_SECURITY_SEVERITY.get(finding.severity, 5.0)),
            "engine": finding.engine,
        },
    }


def build(packages: list[Package], rule_meta: Mapping[str, RuleMeta] | None = None,
          interrupted: bool = False) -> dict:
    rule_meta = rule_meta or {}
    rules: list[dict] = []
    index: dict[str, int] = {}
    results = []
    notifications = []
    for package in packages:
        if package.error:
            notifications.append({"level": "error", "message": {"text": f"{package.target}: {package.error}"}})
        if package.incomplete:
            reasons = "; ".join(package.incomplete)
            notifications.append({"level": "error", "message": {"text": f"{package.target}: incomplete: {reasons}"},
                                  "descriptor": {"id": "package-incomplete"}})
        for finding in package.findings:
            if finding.rule_id not in index:
                index[finding.rule_id] = len(rules)
                rules.append(_rule(finding, rule_meta.get(finding.rule_id)))
            region: dict = {"snippet": {"text": finding.evidence}}
            if finding.line:
                region["startLine"] = finding.line
            elif finding.offset is not None:
                region["byteOffset"] = finding.offset
            result = {
                "ruleId": finding.rule_id,
                "ruleIndex": index[finding.rule_id],
                "level": _LEVEL.get(finding.severity, "warning"),
                "message": {"text": finding.message or finding.rule_id},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": _uri(package, finding)},
                    "region": region,
                }}],
                "properties": {
                    "package": package.name,
                    "version": package.version,
                    "verdict": package.verdict,
                    "attack_vector": finding.attack_vector,
                    "behaviours": finding.behaviours,
                    "techniques": finding.techniques,
                    "confidence": finding.confidence,
                    **({"decoded_from": finding.decoded_from} if finding.decoded_from else {}),
                },
            }
            if finding.suppressed:
                result["suppressions"] = [{"kind": "external", "justification": finding.suppressed}]
            results.append(result)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "antivenom",
                "version": __version__,
                "informationUri": "https://arxiv.org/abs/2309.11021",
                "rules": rules,
            }},
            "invocations": [{"executionSuccessful": not interrupted, "toolExecutionNotifications": notifications}],
            "results": results,
        }],
    }


def render(packages: list[Package], context: ReportContext | None = None) -> str:
    """Rules are described from the context's metadata (every engine's), else from the findings."""
    rules = context.rules if context is not None else None
    interrupted = context is not None and context.interrupted
    return json.dumps(build(packages, rules, interrupted), indent=2, ensure_ascii=False) + "\n"
