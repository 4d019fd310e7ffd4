"""Gates (runner/antivenom/engines/yara.py): a rule file importing a YARA module runs only where
its module-free gate holds. A gate that misses a file its rules match would hide a finding, so the
runner's gated pack must match exactly what the whole pack matches, on every fixture of every
family (the hits and the misses) and on the corpus."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
import yara
from antivenom.engines.yara import GATE_SUFFIX, YaraPack, gate_problems
from yara_pack import RULES_DIR, rule_files

REPO = Path(__file__).resolve().parents[2]
NOT_FAMILIES = ("test_gates", "test_pack")
FAMILY_TESTS = sorted(p.stem for p in Path(__file__).parent.glob("test_*.py") if p.stem not in NOT_FAMILIES)


def _fixtures() -> list[tuple[str, bytes]]:
    found = []
    for name in FAMILY_TESTS:
        module = importlib.import_module(name)
        for table in ("POSITIVE", "BENIGN"):
            for rule, cases in (getattr(module, table, None) or {}).items():
                for index, case in enumerate(cases):  # (label, build) pairs, or the bytes/text itself
                    label, build = case if isinstance(case, tuple) else (str(index), case)
                    data = build() if callable(build) else build
                    found.append((f"{name}:{rule}:{label}", data.encode() if isinstance(data, str) else data))
    for root in (REPO / "corpus", REPO / "tests" / "data"):
        found.extend((str(p.relative_to(REPO)), p.read_bytes()) for p in sorted(root.rglob("*")) if p.is_file())
    return found


FIXTURES = _fixtures()


def test_fixtures_include_every_binary_format():
    assert sum(1 for label, _ in FIXTURES if label.startswith("test_binaries:")) >= 20


@pytest.fixture(scope="module")
def gated() -> YaraPack:
    return YaraPack(RULES_DIR)


@pytest.mark.parametrize("path", rule_files(), ids=lambda p: p.name)
def test_every_file_importing_a_module_has_a_module_free_gate(path):
    assert gate_problems(path) == []


@pytest.mark.parametrize(("gate", "problem"), [
    (None, "has no binaries.gate"),
    ('import "pe"\nrule gate { condition: true }', "imports a module"),
    ("rule gate { condition: true }\nrule other { condition: true }", "one rule, named 'gate'"),
    ("rule gate { condition: ", "YARA"),
])
def test_a_missing_or_wrong_gate_is_a_problem(tmp_path, gate, problem):
    rules = tmp_path / "binaries.yar"
    rules.write_text('import "pe"\nrule x { condition: pe.number_of_sections > 0 }\n')
    if gate is not None:
        rules.with_suffix(GATE_SUFFIX).write_text(gate)
    (found,) = gate_problems(rules)
    assert problem in found


def test_gated_files_are_kept_out_of_the_always_set(gated):
    assert gated.gated, "binaries.yar imports pe and elf: it must be gated"
    assert sorted(r.identifier for r in gated) == sorted(r.identifier for r in yara.compile(
        filepaths={p.parent.name: str(p) for p in rule_files()}, includes=False))


def test_the_gated_pack_matches_what_the_whole_pack_matches(gated, yara_rules):
    differ = []
    for label, data in FIXTURES:
        whole = sorted(m.rule for m in yara_rules.match(data=data, timeout=30))
        runner = sorted(m.rule for m in gated.match(data, 30))
        if whole != runner:
            differ.append((label, whole, runner))
    assert differ == []
