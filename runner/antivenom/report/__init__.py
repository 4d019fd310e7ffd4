"""Reporters as plug-ins: every format is one module with the same signature,

    render(packages: list[Package], context: ReportContext) -> str

and one line in REGISTRY. The context carries what a format may need beyond the packages:
every engine's rule metadata (Scanner.rules) and whether to colour. See CONTRIBUTING.md,
"Add a report format".
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ..model import Package
from ..rule_metadata import RuleMeta


@dataclass(frozen=True)
class ReportContext:
    rules: Mapping[str, RuleMeta] = field(default_factory=dict)  # every engine's rules, by id
    color: bool = False  # ANSI colours (a terminal)
    interrupted: bool = False  # SIGINT/SIGTERM stopped the scan: the report is partial
    verbose: bool = False  # the text report shows INFO/LOW findings too


Renderer = Callable[[list[Package], ReportContext], str]

# format name -> "module:function"; imported when used.
REGISTRY: dict[str, str] = {
    "text": "antivenom.report.text:render",
    "json": "antivenom.report.json_report:render",
    "sarif": "antivenom.report.sarif:render",
    "html": "antivenom.report.html:render",
}


def formats() -> tuple[str, ...]:
    return tuple(REGISTRY)


def renderer(fmt: str) -> Renderer:
    module, _, function = REGISTRY[fmt].partition(":")
    return getattr(importlib.import_module(module), function)


def render(packages: list[Package], fmt: str, context: ReportContext | None = None) -> str:
    return renderer(fmt)(packages, context or ReportContext())


FORMATS = formats()  # the built-in and registered formats, for --format choices
