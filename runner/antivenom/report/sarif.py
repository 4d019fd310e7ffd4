"""SARIF 2.1.0 for GitHub code scanning: snippet, CWE and taxonomy IDs in properties.tags.

What code scanning needs, and the official schema checks (tests/test_sarif_valid.py):
- every result has a region with `startLine` >= 1: a whole-file finding (a bundled binary)
  points at line 1 of the file, its byte offset kept in the result's properties;
- `partialFingerprints` that survive re-runs: a hash of the rule id, the package name, the path
  inside the package and the evidence with whitespace collapsed — no line, no temporary path;
- every rule of every engine (the report context's) in `tool.driver.rules`, with help text and tags;
- a package that could not be read (or only partly) is a result too (`package-error`,
  `package-incomplete`), so CI raises an alert for it, not only a tool notification;
- no temporary path: a local package's files are addressed under the path the user named,
  a fetched package's as `pypi:<name>/<version>/<archive file>/<path>`; when the package came
  from a dependency file (`Package.origin`), the primary location is the dependency's line in
  that file, and the file inside the package is a related location.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import urllib.parse
from collections.abc import Mapping
from pathlib import Path

from .. import __version__
from ..enums import Confidence, Severity
from ..model import Finding, Package
from ..rule_metadata import RuleMeta
from . import ReportContext

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_PRECISION = {Confidence.HIGH: "very-high", Confidence.MEDIUM: "high", Confidence.LOW: "medium"}
_SECURITY_SEVERITY = {Severity.ERROR: 9.0, Severity.WARNING: 6.0, Severity.INFO: 3.0}
_FINGERPRINT = "antivenom/v1"
_DEFAULT_CWE = "CWE-506: Embedded Malicious Code"


def _quote(path: str) -> str:
    return urllib.parse.quote(path.replace(os.sep, "/"), safe="/:@!$&'()*+,;=-._~")


def _repo_path(path: str) -> str:
    """A user-named path, relative to the working directory (the repository root in CI) when under it."""
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            return candidate.relative_to(Path.cwd()).as_posix()
        except ValueError:
            return candidate.as_posix()
    return candidate.as_posix()


def package_uri(package: Package) -> str:
    """Where a package's files live, as a URI prefix that holds no temporary path."""
    if package.fetched:
        archive = package.source.name if package.source is not None else ""
        parts = [package.name or "unknown", package.version or "unknown", archive]
        return "pypi:" + "/".join(_quote(p) for p in parts if p)
    # A directory target's files map onto the repository; an archive's live inside it.
    base = package.target if package.root is not None and package.source == package.root else (
        str(package.source) if package.source is not None else package.target)
    return _quote(_repo_path(base).rstrip("/"))


def _uri(package: Package, finding: Finding) -> str:
    return f"{package_uri(package)}/{_quote(finding.path)}"


def fingerprint(package: Package, finding: Finding) -> str:
    """Stable across runs and machines: rule, package name, path inside it, evidence (whitespace collapsed)."""
    evidence = " ".join(finding.evidence.split())
    name = re.sub(r"[-_.]+", "-", (package.name or package.target)).lower()
    key = "\0".join((finding.rule_id, name, finding.path, evidence))
    return hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()


def _help(meta: RuleMeta) -> dict:
    raw = meta.raw
    references = [r for r in raw.get("references", []) if isinstance(r, str)]
    lines = [meta.description or meta.rule_id, "",
             f"Engine: {meta.engine}. Severity {meta.severity}, confidence {meta.confidence}."]
    if meta.behaviours:
        lines.append(f"Behaviours: {', '.join(meta.behaviours)}.")
    if meta.techniques:
        lines.append(f"Techniques: {', '.join(meta.techniques)}.")
    lines.append("The attack vector (install-time, import-time, runtime) is decided per finding from where it is.")
    text = "\n".join(lines)
    markdown = text.replace("\n", "  \n") + "".join(f"\n- <{r}>" for r in references)
    return {"text": text, "markdown": markdown}


def _tags(behaviours, techniques, cwe: object) -> list[str]:
    cwes = cwe if isinstance(cwe, list) else [cwe or _DEFAULT_CWE]
    cwe_tags = []
    for entry in cwes:
        match = re.match(r"\s*CWE-(\d+)", str(entry))
        if match:
            cwe_tags.append(f"external/cwe/cwe-{match.group(1)}")
    return list(dict.fromkeys(["security", "malicious-code", *behaviours, *techniques, *cwe_tags]))


def _rule(rule_id: str, meta: RuleMeta | None, finding: Finding | None = None) -> dict:
    """A reportingDescriptor from the rule's metadata, or (a rule outside the pack) from a finding."""
    if meta is None:
        assert finding is not None
        description, engine, severity, confidence = finding.message, finding.engine, finding.severity, \
            finding.confidence
        tags = _tags(finding.behaviours, finding.techniques, None)
        help_ = {"text": description or rule_id}
    else:
        description, engine, severity, confidence = meta.description, meta.engine, meta.severity, meta.confidence
        tags = _tags(meta.behaviours, meta.techniques, meta.raw.get("cwe"))
        help_ = _help(meta)
    description = description or rule_id
    rule = {
        "id": rule_id,
        "name": rule_id,
        "shortDescription": {"text": description[:200]},
        "fullDescription": {"text": description},
        "help": help_,
        "defaultConfiguration": {"level": _LEVEL.get(severity, "warning")},
        "properties": {
            "tags": tags,
            "precision": _PRECISION.get(confidence, "medium"),
            "security-severity": str(_SECURITY_SEVERITY.get(severity, 5.0)),
            "engine": engine,
        },
    }
    references = [r for r in (meta.raw.get("references", []) if meta else []) if isinstance(r, str)]
    if references and references[0].startswith(("https://", "http://")):
        rule["helpUri"] = references[0]
    return rule


def _region(finding: Finding) -> dict:
    region: dict = {"startLine": finding.line if finding.line and finding.line >= 1 else 1}
    if finding.end_line and finding.line and finding.end_line >= finding.line:
        region["endLine"] = finding.end_line
    region["snippet"] = {"text": finding.evidence}
    return region


def _result(package: Package, finding: Finding, rule_index: int) -> dict:
    inside = {"physicalLocation": {"artifactLocation": {"uri": _uri(package, finding)}, "region": _region(finding)}}
    where = f"{finding.path}:{finding.line}" if finding.line else finding.path
    message = finding.message or finding.rule_id
    properties = {
        "package": package.name,
        "version": package.version,
        "path": finding.path,
        "line": finding.line,
        "verdict": package.verdict,
        "attack_vector": finding.attack_vector,
        "behaviours": finding.behaviours,
        "techniques": finding.techniques,
        "confidence": finding.confidence,
    }
    if finding.decoded_from:  # found in a layer the peel stage decoded (derived.py), not in the file as stored
        properties["decoded_from"] = finding.decoded_from
    if finding.line is None:
        properties["whole_file"] = finding.offset is None
        if finding.offset is not None:
            properties["byte_offset"] = finding.offset
    result: dict = {
        "ruleId": finding.rule_id,
        "ruleIndex": rule_index,
        "level": _LEVEL.get(finding.severity, "warning"),
        "message": {"text": message},
        "locations": [inside],
        "partialFingerprints": {_FINGERPRINT: fingerprint(package, finding)},
        "properties": properties,
    }
    if package.origin is not None:
        # A dependency-file scan: the alert sits on the dependency's line, which is in the repository.
        file, line = package.origin
        title = " ".join(x for x in (package.name, package.version) if x) or package.target
        result["message"] = {"text": f"{title}: {where}: {message}"}
        result["locations"] = [{"physicalLocation": {
            "artifactLocation": {"uri": _quote(_repo_path(str(file)))},
            "region": {"startLine": line if line >= 1 else 1},
        }}]
        result["relatedLocations"] = [{"id": 1, **inside, "message": {"text": f"in {title}: {where}"}}]
        properties["origin"] = {"file": _repo_path(str(file)), "line": line}
    if finding.suppressed:
        result["suppressions"] = [{"kind": "external", "justification": finding.suppressed}]
    return result


# Packages the scan could not (fully) read raise alerts too: in CI an archive built to break the
# scanner must be as visible as a finding, not only a tool notification.
_PACKAGE_RULES = {
    "package-error": ("error", "The package could not be read or fetched (an unsafe or corrupt archive, a failed "
                               "download, a hash mismatch): it was not scanned, and must not pass."),
    "package-incomplete": ("warning", "Some files of the package were not scanned (over the size cap, an engine "
                                      "timeout): the verdict covers only the rest."),
}


def _package_rule(rule_id: str) -> dict:
    level, description = _PACKAGE_RULES[rule_id]
    return {
        "id": rule_id,
        "name": rule_id,
        "shortDescription": {"text": description.split(":")[0]},
        "fullDescription": {"text": description},
        "help": {"text": description + " See the report's `error` / `skipped` entries for the reason."},
        "defaultConfiguration": {"level": level},
        "properties": {"tags": ["security", "supply-chain", "antivenom-scan"], "precision": "very-high",
                       "security-severity": "9.0" if level == "error" else "5.0", "engine": "antivenom"},
    }


def _package_result(package: Package, rule_id: str, rule_index: int, detail: str) -> dict:
    if package.origin is not None:
        uri, line = _quote(_repo_path(str(package.origin[0]))), max(package.origin[1], 1)
    else:
        uri, line = package_uri(package) or "unknown", 1
    title = " ".join(x for x in (package.name, package.version) if x) or package.target
    name = re.sub(r"[-_.]+", "-", (package.name or package.target)).lower()
    print_key = "\0".join((rule_id, name, " ".join(detail.split())))
    return {
        "ruleId": rule_id,
        "ruleIndex": rule_index,
        "level": _PACKAGE_RULES[rule_id][0],
        "message": {"text": f"{title}: {detail}"},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": {"startLine": line}}}],
        "partialFingerprints": {_FINGERPRINT: hashlib.sha256(print_key.encode("utf-8", "surrogateescape")).hexdigest()},
        "properties": {"package": package.name, "version": package.version, "verdict": package.verdict},
    }


def _incomplete_detail(package: Package) -> str:
    """Why a package was only partly read: its incomplete reasons (fail-closed), then skipped files."""
    parts = list(package.incomplete[:5])
    if package.skipped:
        shown = "; ".join(f"{s.path}: {s.reason}" for s in package.skipped[:5])
        more = f" (and {len(package.skipped) - 5} more)" if len(package.skipped) > 5 else ""
        parts.append(f"{len(package.skipped)} file(s) not scanned: {shown}{more}")
    return "; ".join(parts)


def build(packages: list[Package], rule_meta: Mapping[str, RuleMeta] | None = None,
          interrupted: bool = False) -> dict:
    """`rule_meta`: every engine's rules (the report context's), each described in the driver;
    `interrupted`: a signal stopped the scan, so the invocation did not succeed (a partial report)."""
    known = dict(rule_meta or {})
    rules = [_rule(rule_id, meta) for rule_id, meta in sorted(known.items())]
    rules += [_package_rule(rule_id) for rule_id in _PACKAGE_RULES]
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    results = []
    notifications = []
    for package in packages:
        if package.error:
            notifications.append({"level": "error", "message": {"text": f"{package.target}: {package.error}"}})
            results.append(_package_result(package, "package-error", index["package-error"], package.error))
        elif package.incomplete or package.skipped:
            results.append(_package_result(package, "package-incomplete", index["package-incomplete"],
                                           _incomplete_detail(package)))
        if package.incomplete:
            reasons = "; ".join(package.incomplete)
            notifications.append({"level": "error", "message": {"text": f"{package.target}: incomplete: {reasons}"},
                                  "descriptor": {"id": "package-incomplete"}})
        for finding in package.findings:
            if finding.rule_id not in index:  # a rule outside the installed packs
                index[finding.rule_id] = len(rules)
                rules.append(_rule(finding.rule_id, None, finding))
            results.append(_result(package, finding, index[finding.rule_id]))
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
