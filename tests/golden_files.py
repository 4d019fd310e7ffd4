"""Load bench/record_golden.py (a script, not a package) for the golden diff tests."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("record_golden", REPO / "bench" / "record_golden.py")
assert _spec is not None and _spec.loader is not None
record_golden = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(record_golden)


def golden(path: Path) -> dict[str, dict]:
    return json.loads(path.read_text())["packages"]


def differences(golden_path: Path, packages: list, marker: str, subset: bool = False) -> list[str]:
    """What moved since the golden file was recorded. With `subset`, the packages are a sample of
    the recorded run: only their targets that the golden file holds are compared (at least one)."""
    expected = golden(golden_path)
    got = record_golden.reduce_packages([p.to_dict() for p in packages], marker)
    if subset:
        got = {k: v for k, v in got.items() if k in expected}
        expected = {k: v for k, v in expected.items() if k in got}
        assert expected, "no target of the sample is in the golden file"
    return record_golden.compare(expected, got)
