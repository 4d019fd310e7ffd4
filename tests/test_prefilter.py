"""The prefilter (engines/prefilter.py) never keeps a real match from Semgrep.

Every rule's condition holds in each of its own test files that carry a `# ruleid:` line
for it, in Python and in the compiled YARA pass alike; the corpus scan finds the same with
and without the prefilter (and both match the golden file: test_corpus.py checks the
default, prefiltered one)."""

from __future__ import annotations

import fnmatch
import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from antivenom.engines.prefilter import Prefilter, describe, holds, pattern_condition, regex_condition
from antivenom.engines.semgrep import rule_folder, rule_selector
from antivenom.engines.semgrep_process import build_command, load_rules, semgrep_env
from antivenom.evaluation import load_labels
from antivenom.rule_metadata import semgrep_rule_files
from antivenom.scanner import Scanner, ScanOptions
from antivenom.sources import resolve
from golden_files import differences as golden_differences
from golden_files import record_golden

REPO = Path(__file__).resolve().parents[1]
# The repository's rules, with their tests beside them (an installed pack ships no tests).
RULE_DIR = REPO / "rules" / "semgrep"
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


def test_a_declared_regex_decides_exactly_and_adds_to_the_derived_condition():
    """A rule's declared regex is matched as written (not only by its literals), and a file must
    also meet what the rule's patterns give (wallet-secret-exfil: a secret's name AND a sender)."""
    scattered = b"import requests\n_private = 1\nkey = 2\nrequests.get(url)\n"
    named = b"import requests\nrequests.post(url, data=private_key)\n"
    unsent = b"def sign(private_key):\n    return private_key\n"
    assert "wallet-secret-exfil" not in PREFILTER.rules_for(scattered, "mod.py")
    assert "wallet-secret-exfil" in PREFILTER.rules_for(named, "mod.py")
    assert "wallet-secret-exfil" not in PREFILTER.rules_for(unsent, "mod.py")
    condition = PREFILTER.conditions["wallet-secret-exfil"]
    assert (holds(condition, scattered), holds(condition, named), holds(condition, unsent)) == (False, True, False)


def test_paths_include_limits_a_rule_to_its_files():
    assert "requirements-direct-url" in PREFILTER.rules_for(b"x @ https://example.invalid/x.whl\n", "requirements.txt")
    assert "requirements-direct-url" not in PREFILTER.rules_for(b"x @ https://example.invalid/x.whl\n", "mod.py")


def test_a_rule_reads_exactly_the_folders_that_name_it():
    """Each view folder spells the file's rules; each rule's include glob selects the folders
    with its letter on, whatever the others say."""
    order = ["a", "b", "c", "d"]
    for needed in (frozenset(), frozenset({"a"}), frozenset({"b", "d"}), frozenset(order)):
        folder = rule_folder(order, needed) + "17"
        for position, rid in enumerate(order):
            assert fnmatch.fnmatchcase(folder, rule_selector(position)) == (rid in needed), (folder, rid)


def test_semgrep_applies_the_rule_selectors(tmp_path):
    """Semgrep itself: a rule runs on the files in folders naming it, and on no other."""
    view = tmp_path / "view"
    order = ["r-eval", "r-system"]
    for needed in (frozenset({"r-eval"}), frozenset({"r-system"}), frozenset(order)):
        folder = view / (rule_folder(order, needed) + str(len(needed)) + "".join(sorted(needed)))
        folder.mkdir(parents=True)
        (folder / "setup.py").write_text("import os\nos.system(cmd)\neval(code)\n")
    rules = [{"id": rid, "languages": ["python"], "severity": "INFO", "message": "m", "pattern": pattern,
              "paths": {"include": [rule_selector(position)]}}
             for position, (rid, pattern) in enumerate(zip(order, ["eval(...)", "os.system(...)"], strict=True))]
    config = tmp_path / "rules.yaml"
    config.write_text(yaml.safe_dump({"rules": rules}))
    command = build_command(config, [str(view)], 1, 30, 10_000_000)
    output = subprocess.run(command, capture_output=True, text=True, env=semgrep_env(), check=True).stdout
    found = {(r["check_id"].rsplit(".", 1)[-1], Path(r["path"]).parent.name.split("-", 1)[1])
             for r in json.loads(output)["results"]}
    assert found == {("r-eval", "1r-eval"), ("r-system", "1r-system"),
                     ("r-eval", "2r-evalr-system"), ("r-system", "2r-evalr-system")}


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
