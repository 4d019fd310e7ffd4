"""The machine-readable report; its shape is rules/schema/report.schema.json."""

from __future__ import annotations

import json
from collections import Counter

from .. import __version__
from ..enums import Verdict
from ..model import Package
from . import ReportContext


def build(packages: list[Package], interrupted: bool = False) -> dict:
    counts = Counter(p.verdict for p in packages)
    return {
        "interrupted": interrupted,
        "tool": "antivenom",
        "version": __version__,
        "verdict": Verdict.worst([p.verdict for p in packages]),
        "summary": {
            "packages": len(packages),
            **{v.value: counts.get(v, 0) for v in Verdict.listed()},
        },
        "packages": [p.to_dict() for p in packages],
    }


def render(packages: list[Package], context: ReportContext | None = None) -> str:
    interrupted = context is not None and context.interrupted
    return json.dumps(build(packages, interrupted), indent=2, ensure_ascii=False) + "\n"
