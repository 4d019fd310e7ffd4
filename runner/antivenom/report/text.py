"""The report for people: a verdict line per package, then findings grouped by behaviour."""

from __future__ import annotations

from collections import Counter

import click

from ..enums import Verdict
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


def render_package(package: Package, color: bool = False) -> list[str]:
    label = _style(f"{package.verdict.upper():<10}", color, fg=_COLOURS[package.verdict], bold=True)
    title = " ".join(x for x in (package.name, package.version) if x) or package.target
    lines = [f"{label} {title}  score {package.score}  ({package.target})"]
    if package.verdict != Verdict.CLEAN or package.findings:
        lines.append(f"  why: {package.verdict_reason}")
        lines.extend(f"  why: {reason}" for reason in package.reasons[1:])  # other rows that fired too
    if package.incomplete:
        lines.append(_style("  INCOMPLETE: not fully read, never a pass:", color, fg="magenta", bold=True))
        lines.extend(f"    {reason}" for reason in package.incomplete)
    if package.techniques:
        lines.append(f"  package techniques: {', '.join(package.techniques)} ({package.traits_reason})")
    groups: dict[str, list[Finding]] = {}
    for finding in package.findings:
        groups.setdefault(finding.behaviours[0] if finding.behaviours else "other", []).append(finding)
    for behaviour in sorted(groups):
        lines.append(f"  {behaviour}")
        for finding in sorted(groups[behaviour], key=lambda f: (f.path, f.line or 0)):
            lines.extend(_finding_lines(finding, color))
    for skip in package.skipped:
        lines.append(f"  skipped {skip.path}: {skip.reason}")
    return lines


def render(packages: list[Package], context: ReportContext | None = None) -> str:
    color = context is not None and context.color
    lines: list[str] = []
    for package in packages:
        lines.extend(render_package(package, color))
    counts = Counter(p.verdict for p in packages)
    summary = ", ".join(f"{counts[v]} {v}" for v in Verdict.listed() if counts[v])
    incomplete = sum(1 for p in packages if p.incomplete)
    lines.append(f"{len(packages)} package(s): {summary or 'none'}"
                 + (f"; {incomplete} incomplete" if incomplete else ""))
    if context is not None and context.interrupted:
        lines.append("INTERRUPTED: the scan was stopped; this report is partial")
    return "\n".join(lines) + "\n"
