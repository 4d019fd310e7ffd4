"""The report for people: a verdict line per package, then findings grouped by behaviour."""

from __future__ import annotations

from collections import Counter

import click

from ..enums import Confidence, Severity, Verdict
from ..filenames import parse_archive_filename
from ..model import Finding, Package
from . import ReportContext

_COLOURS = {Verdict.MALICIOUS: "red", Verdict.SUSPICIOUS: "yellow", Verdict.CLEAN: "green", Verdict.ERROR: "magenta"}


def _style(text: str, color: bool, **kwargs) -> str:
    return click.style(text, **kwargs) if color else text


def _finding_lines(finding: Finding, color: bool) -> list[str]:
    where = f"{finding.path}:{finding.line}" if finding.line else finding.path
    tags = ", ".join(finding.techniques)
    vector = f"{finding.attack_vector}, auxiliary file" if finding.auxiliary else finding.attack_vector
    head = (f"    {where}  [{vector}] {finding.rule_id} "
            f"({finding.severity}/{finding.confidence}){'  techniques: ' + tags if tags else ''}")
    lines = [_style(head, color, dim=bool(finding.suppressed))]
    lines.append(f"      {finding.message}")
    if finding.evidence:
        evidence = finding.evidence.replace("\n", "\n        ")
        lines.append(_style(f"      > {evidence}", color, fg="cyan"))
    if finding.decoded_from:
        lines.append(f"      decoded from: {finding.decoded_summary()}")
    if finding.suppressed:
        lines.append(f"      suppressed: {finding.suppressed}")
    return lines


def _title(package: Package) -> str:
    """Name, version and, for an archive, its kind: a release's sdist and wheel read apart."""
    title = " ".join(x for x in (package.name, package.version) if x) or package.target
    parsed = parse_archive_filename(package.source.name) if package.source is not None else None
    return f"{title} [{parsed.kind}]" if parsed is not None and package.source != package.root else title


def is_minor(finding: Finding) -> bool:
    """INFO severity or LOW confidence: context for a reviewer, noise in a CI log."""
    return finding.severity == Severity.INFO or finding.confidence == Confidence.LOW


def render_package(package: Package, color: bool = False, verbose: bool = True) -> list[str]:
    label = _style(f"{package.verdict.upper():<10}", color, fg=_COLOURS[package.verdict], bold=True)
    lines = [f"{label} {_title(package)}  score {package.score}  ({package.target})"]
    if package.origin is not None:
        lines.append(f"  declared at {package.origin[0]}:{package.origin[1]}")
    if package.unpinned:
        lines.append(f"  not pinned: the newest release ({package.version}) was scanned")
    if package.verdict != Verdict.CLEAN or package.findings:
        lines.append(f"  why: {package.verdict_reason}")
        lines.extend(f"  why: {reason}" for reason in package.reasons[1:])  # other rows that fired too
    if package.incomplete:
        lines.append(_style("  INCOMPLETE: not fully read, never a pass:", color, fg="magenta", bold=True))
        lines.extend(f"    {reason}" for reason in package.incomplete)
    if package.techniques:
        lines.append(f"  package techniques: {', '.join(package.techniques)} ({package.traits_reason})")
    groups: dict[str, list[Finding]] = {}
    shown = package.findings if verbose else [f for f in package.findings if not is_minor(f)]
    for finding in shown:
        groups.setdefault(finding.behaviours[0] if finding.behaviours else "other", []).append(finding)
    for behaviour in sorted(groups):
        lines.append(f"  {behaviour}")
        for finding in sorted(groups[behaviour], key=lambda f: (f.path, f.line or 0)):
            lines.extend(_finding_lines(finding, color))
    if len(shown) < len(package.findings):
        lines.append(f"  {len(package.findings) - len(shown)} INFO/LOW finding(s) hidden (--verbose shows them)")
    for skip in package.skipped:
        lines.append(f"  skipped {skip.path}: {skip.reason}")
    return lines


def _summary(packages: list[Package], color: bool) -> list[str]:
    """Every flagged, incomplete and error package once more, after the details: what CI must act on."""
    lines = []
    for package in packages:
        if package.verdict == Verdict.CLEAN and not package.skipped and not package.incomplete:
            continue
        label = _style(f"{package.verdict:<10}", color, fg=_COLOURS[package.verdict])
        notes = ["incomplete"] if package.incomplete else []
        if package.skipped:
            notes.append(f"{len(package.skipped)} file(s) not scanned")
        if package.error:
            notes.append(package.error)
        where = f"  {package.origin[0]}:{package.origin[1]}" if package.origin else ""
        lines.append(f"  {label} {_title(package)}  ({package.target}){where}"
                     + (f": {'; '.join(notes)}" if notes else ""))
    return ["summary: flagged, incomplete and unreadable packages", *lines] if lines else []


def render(packages: list[Package], context: ReportContext | None = None) -> str:
    color = context is not None and context.color
    verbose = context is None or context.verbose
    lines: list[str] = []
    for package in packages:
        lines.extend(render_package(package, color, verbose))
    lines.extend(_summary(packages, color))
    counts = Counter(p.verdict for p in packages)
    summary = ", ".join(f"{counts[v]} {v}" for v in Verdict.listed() if counts[v])
    incomplete = sum(1 for p in packages if p.incomplete)
    lines.append(f"{len(packages)} package(s): {summary or 'none'}"
                 + (f"; {incomplete} incomplete" if incomplete else ""))
    if context is not None and context.interrupted:
        lines.append("INTERRUPTED: the scan was stopped; this report is partial")
    return "\n".join(lines) + "\n"
