"""Recall per family and by first-seen date (antivenom.evaluation)."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

from antivenom.evaluation import Sample, evaluate, family_key
from antivenom.model import Package

PAYLOAD = "import os\n# {name} {version}\nos.system('echo {name}')  # defanged\n"


def sdist(tmp: Path, name: str, version: str, body: str = PAYLOAD) -> Path:
    path = tmp / f"{name}-{version}.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        data = body.format(name=name, version=version).encode()
        info = tarfile.TarInfo(f"{name}-{version}/setup.py")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    return path


def test_copies_under_other_names_and_versions_share_a_family(tmp_path):
    a = family_key(sdist(tmp_path, "colorsa", "1.0"), "colorsa", "1.0")
    b = family_key(sdist(tmp_path, "colorsb", "2.5"), "colorsb", "2.5")
    c = family_key(sdist(tmp_path, "other", "1.0", "import socket\n"), "other", "1.0")
    assert a == b != c


def test_per_family_and_recent_recall(tmp_path):
    samples = []
    for name, seen in (("fam-a1", "2024-01-01"), ("fam-a2", "2025-03-01"), ("solo", "2025-06-01")):
        body = PAYLOAD if name.startswith("fam") else "import socket\n"
        samples.append(Sample(name, sdist(tmp_path, name, "1.0", body), "malicious", name, has_categories=False,
                              first_seen=seen, version="1.0"))
    caught = {"fam-a1"}
    by_sample = {s.key: [Package(target=s.key, verdict="malicious" if s.name in caught else "clean")]
                 for s in samples}
    result = evaluate(samples, by_sample)
    assert result["per_family"]["families"] == 2
    assert result["per_family"]["detected"] == 1
    assert result["per_family"]["mean_recall"] == 0.25
    assert result["by_first_seen"]["2025_or_later"] == {"names": 2, "detected": 0, "recall": 0.0}
    assert result["by_first_seen"]["before_2025"]["detected"] == 1
