"""Extended check: recall per package name over real malicious packages (data only).

Runs only where ../shared/malregistry-dev exists (this project's CI; not a user's
machine). The floor is the measured recall rounded down; raise it as rules improve,
and never lower it without saying why in bench/RESULTS.md.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from antivenom.evaluation import evaluate, load_labels
from antivenom.scanner import Scanner
from antivenom.sources import resolve

REPO = Path(__file__).resolve().parents[1]
DATASET = REPO.parent / "shared" / "malregistry-dev"
FLOORS = json.loads((REPO / "bench" / "floors.json").read_text())

pytestmark = [
    pytest.mark.extended,
    pytest.mark.skipif(not (DATASET / "index.jsonl").is_file(), reason="malregistry-dev is not beside this checkout"),
]


def test_recall_per_package_name_stays_above_the_floor() -> None:
    samples = load_labels(DATASET)
    packages = resolve([str(s.target) for s in samples], [])
    Scanner().scan(packages)
    by_target = {p.target: [p] for p in packages}
    result = evaluate(samples, {s.key: by_target[str(s.target)] for s in samples})
    recall = result["per_name"]["recall"]
    assert recall >= FLOORS["malregistry_dev_recall_per_name"], (
        f"recall per name {recall:.4f} fell under the floor {FLOORS['malregistry_dev_recall_per_name']}")
    errors = sum(c["count"] for c in result["confusion"] if c["reported"] == "error")
    assert errors <= FLOORS["malregistry_dev_max_error_archives"]
