"""Packages rebuilt from the dicts of a JSON report (Package.to_dict), so a report written
earlier (a --resume checkpoint, watch's JSON lines) can be merged or rendered again."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from .model import Finding, Package, Skip

_FINDING_FIELDS = {f.name for f in dataclasses.fields(Finding)}
_PACKAGE_FIELDS = {f.name for f in dataclasses.fields(Package)} - {"findings", "skipped", "source", "root"}


def package_from_dict(data: dict) -> Package:
    """The package a report dict describes; keys the model does not know are dropped."""
    fields = {k: v for k, v in data.items() if k in _PACKAGE_FIELDS}
    # The report shows `incomplete` as a flag and the model's list of reasons as `incomplete_reasons`.
    fields["incomplete"] = list(data.get("incomplete_reasons") or [])
    return Package(
        **fields,
        source=Path(data["source"]) if data.get("source") else None,
        findings=[Finding(**{k: v for k, v in f.items() if k in _FINDING_FIELDS}) for f in data.get("findings", [])],
        skipped=[Skip(s["path"], s["reason"]) for s in data.get("skipped", [])],
    )
