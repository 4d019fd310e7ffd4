"""Reporters: one module per output format, all fed the same scanned packages."""

from __future__ import annotations

from ..model import Package
from . import json_report, sarif, text

FORMATS = ("text", "json", "sarif", "html")


def render(packages: list[Package], fmt: str, color: bool = False) -> str:
    if fmt == "json":
        return json_report.render(packages)
    if fmt == "sarif":
        return sarif.render(packages)
    if fmt == "html":
        from . import html

        return html.render(packages)
    return text.render(packages, color=color)
