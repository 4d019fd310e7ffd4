"""Regression over the labelled corpus: every sample gets exactly its verdict and at least
its labelled behaviours, techniques and vectors. A drop names the sample and the category."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from antivenom import schemas
from antivenom.evaluation import differences, evaluate, load_labels
from antivenom.model import Package
from antivenom.scanner import Scanner
from antivenom.sources import resolve
from golden_files import differences as golden_differences

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
SAMPLES = load_labels(CORPUS)


@pytest.fixture(scope="session")
def corpus_results() -> dict[str, list[Package]]:
    packages = resolve([str(s.target) for s in SAMPLES], [])
    Scanner().scan(packages)
    by_target = {p.target: p for p in packages}
    return {s.key: [by_target[str(s.target)]] for s in SAMPLES}


def test_labels_file_is_valid() -> None:
    data = yaml.safe_load((CORPUS / "labels.yaml").read_text())
    assert schemas.errors("corpus-labels.schema.json", data) == []


def test_every_sample_folder_is_labelled_once() -> None:
    folders = sorted(f"{kind}/{p.name}" for kind in ("malicious", "benign") for p in (CORPUS / kind).iterdir()
                     if p.is_dir())
    labelled = [s.key for s in SAMPLES]
    assert sorted(labelled) == folders


def test_corpus_covers_every_taxonomy_id_twice() -> None:
    malicious = [s for s in SAMPLES if s.verdict == "malicious"]
    for axis, kind in (("behaviours", "behaviour"), ("techniques", "technique"), ("attack_vectors", "attack_vector")):
        for taxonomy_id in schemas.taxonomy(kind):
            count = sum(taxonomy_id in getattr(s, axis) for s in malicious)
            assert count >= 2, f"{axis}: {taxonomy_id} has {count} sample(s)"


def test_enough_benign_look_alikes() -> None:
    combos = {(b, v) for s in SAMPLES if s.verdict == "malicious" for b in s.behaviours for v in s.attack_vectors}
    benign = [s for s in SAMPLES if s.verdict == "clean"]
    assert len(benign) >= len(combos)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: s.key)
def test_sample_is_reported_as_labelled(sample, corpus_results) -> None:
    assert differences(sample, corpus_results[sample.key]) == []


def test_evaluation_counts_agree_with_the_samples(corpus_results) -> None:
    result = evaluate(SAMPLES, corpus_results)
    verdicts = result["categories"]["verdict:malicious"]
    assert verdicts["tp"] + verdicts["fn"] == sum(s.verdict == "malicious" for s in SAMPLES)
    assert verdicts["fp"] + verdicts["tn"] == sum(s.verdict != "malicious" for s in SAMPLES)


def test_findings_verdicts_and_scores_match_the_golden_file(corpus_results) -> None:
    """Refactorings change nothing; a rule change regenerates tests/golden/corpus.json on purpose
    (CONTRIBUTING.md, "Golden files")."""
    packages = [p for found in corpus_results.values() for p in found]
    assert golden_differences(CORPUS.parent / "tests" / "golden" / "corpus.json", packages, "corpus/") == []
