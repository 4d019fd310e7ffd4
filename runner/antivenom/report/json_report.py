"""The machine-readable report; its shape is rules/schema/report.schema.json."""

from __future__ import annotations

import json
from collections import Counter

from .. import __version__
from ..model import Package
from ..verdict import worst


def build(packages: list[Package]) -> dict:
    counts = Counter(p.verdict for p in packages)
    return {
        "tool": "antivenom",
        "version": __version__,
        "verdict": worst([p.verdict for p in packages]),
        "summary": {
            "packages": len(packages),
            **{v: counts.get(v, 0) for v in ("malicious", "suspicious", "clean", "error")},
        },
        "packages": [p.to_dict() for p in packages],
    }


def render(packages: list[Package]) -> str:
    return json.dumps(build(packages), indent=2, ensure_ascii=False) + "\n"
