"""The prefilter (engines/prefilter.py) never keeps a real match from Semgrep.

Every rule's condition holds in each of its own test files that carry a `# ruleid:` line
for it, in Python and in the compiled YARA pass alike; the corpus scan finds the same with
and without the prefilter (and both match the golden file: test_corpus.py checks the
default, prefiltered one)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from antivenom.engines.prefilter import Prefilter, describe, holds, pattern_condition, regex_condition
from antivenom.engines.semgrep import plan_groups
from antivenom.engines.semgrep_process import load_rules
from antivenom.evaluation import load_labels
from antivenom.rule_metadata import semgrep_rule_files
from antivenom.scanner import Scanner, ScanOptions
from antivenom.sources import resolve
from golden_files import differences as golden_differences
from golden_files import record_golden

REPO = Path(__file__).resolve().parents[1]
# The repository's rules, with their tests beside them (an installed pack ships no tests).
RULE_DIR = Path(__file__).resolve().parents[1] / "rules" / "semgrep"
RULES = load_rules(semgrep_rule_files(RULE_DIR))
PREFILTER = Prefilter(RULES)
_RULEID = re.compile(r"(?:#|//)[ \t]*ruleid:[ \t]*([\w, \t-]+)")


def _tests_of(rule_id: str) -> list[Path]:
    """The rule's test files (same stem up to the first dot, beside its yaml) with a ruleid line for it."""
    (yaml_path,) = [p for p in semgrep_rule_files(RULE_DIR) if p.stem == rule_id]
    found = []
    for path in sorted(yaml_path.parent.glob(f"{rule_id}.*")):
        if path.suffix in (".yaml", ".yml"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if any(rule_id in [i.strip() for i in m.group(1).split(",")] for m in _RULEID.finditer(text)):
            found.append(path)
    return found


@pytest.mark.parametrize("rule", RULES, ids=[r["id"] for r in RULES])
def test_every_rule_condition_holds_on_its_ruleid_tests(rule):
    tests = _tests_of(rule["id"])
    assert tests, f"{rule['id']}: no test file with a ruleid line"
    condition = PREFILTER.conditions[rule["id"]]
    for path in tests:
        data = path.read_bytes()
        assert holds(condition, data), f"{path.name}: condition {describe(condition)} fails"
        assert rule["id"] in PREFILTER.rules_for_content(data), f"{path.name}: the YARA pass drops it"


def test_nearly_every_rule_has_a_condition():
    """A rule without one sends every file it may read to Semgrep; only path-limited ones may lack it."""
    unconditioned = sorted(PREFILTER.always)
    for rule_id in unconditioned:
        assert PREFILTER.includes[rule_id], f"{rule_id}: no condition and no paths.include: add metadata.prefilter"


def test_dotted_names_give_their_last_segment_only():
    # `from os import system` / `import os as o` still match os.system(...): "os" is not required
    assert describe(pattern_condition("os.system($CMD)")) == "'system'/w"
    assert describe(pattern_condition("$X.decrypt(...)")) == "'decrypt'/w"
    # a metavariable last: the module, which an import names whatever its form
    assert describe(pattern_condition("subprocess.$RUN($CMD, ...)")) == "'subprocess'/w"


def test_strings_deep_expressions_and_keywords_are_not_required():
    # constants are propagated and folded: "http://x/" + "a" matches "http://x/a"
    assert pattern_condition('requests.get("http://x.invalid/a")') == pattern_condition("requests.get(...)")
    assert describe(pattern_condition("exec(<... base64.b64decode(...) ...>)")) == "'exec'/w"
    assert pattern_condition("lambda $X: $Y") is None


def test_regex_literals_lookaheads_and_alternatives():
    assert describe(regex_condition(r"(?s)\A(?=.*?\bpip)(?=.*?\b(install|download)\b).*")) == \
        "('pip' & ('install'/w | 'download'/w))"  # between two \b: whole words
    assert describe(regex_condition(r"(?i)powershell\s+-enc")) == "('powershell'/i & '-enc'/i)"
    assert regex_condition(r"[A-Za-z0-9+/]{1000,}") is None
    assert describe(regex_condition(r"4[dD]5a")) == "('4d5a' | '4D5a')"
    assert describe(regex_condition(r"(?<![\w.])(eval|exec)\(")) == "('eval(' | 'exec(')"
    assert describe(regex_condition(r"\b\.pth\b")) == "'.pth'"  # a word character precedes the dot: no fullword


def test_a_file_with_no_rule_token_needs_no_rule_and_a_payload_does():
    assert PREFILTER.rules_for(b"def add(a, b):\n    return a + b\n", "mod.py") == frozenset()
    needed = PREFILTER.rules_for(b'import base64\nexec(base64.b64decode("cGFzcw=="))\n', "mod.py")
    assert "exec-decoded-payload" in needed and "discord-token-theft" not in needed


def test_paths_include_limits_a_rule_to_its_files():
    assert "requirements-direct-url" in PREFILTER.rules_for(b"x @ https://example.invalid/x.whl\n", "requirements.txt")
    assert "requirements-direct-url" not in PREFILTER.rules_for(b"x @ https://example.invalid/x.whl\n", "mod.py")


def test_groups_are_capped_and_cover_every_need():
    needs = {frozenset({"a"}): 100, frozenset({"b"}): 90, frozenset({"a", "c"}): 5, frozenset({"d"}): 1,
             frozenset({"e"}): 1, frozenset({"a", "b"}): 50}
    plan = plan_groups(needs, cap=3)
    assert len(set(plan.values())) == 3
    assert all(needed <= plan[needed] for needed in needs)
    assert plan[frozenset({"a", "c"})] >= {"a", "c"}


def test_the_corpus_scan_is_the_same_without_the_prefilter():
    """Findings, verdicts and scores identical with --no-prefilter (the default run is compared
    with the golden file in test_corpus.py)."""
    targets = [str(sample.target) for sample in load_labels(REPO / "corpus")]
    runs = {}
    for prefilter in (True, False):
        packages = resolve(targets, [])
        Scanner(ScanOptions(semgrep_prefilter=prefilter)).scan(packages)
        runs[prefilter] = record_golden.reduce_packages([p.to_dict() for p in packages], "corpus/")
    assert record_golden.compare(runs[False], runs[True]) == []
    assert golden_differences(REPO / "tests" / "golden" / "corpus.json", packages, "corpus/") == []
