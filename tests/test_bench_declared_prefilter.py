"""bench/declared_prefilter.py catches a declared regex that would keep a real match from Semgrep."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))  # it imports its siblings compare.py and prefilter_reach.py
_spec = importlib.util.spec_from_file_location("bench_declared_prefilter", REPO / "bench" / "declared_prefilter.py")
assert _spec is not None and _spec.loader is not None
declared = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(declared)


def _rule(prefilter: list[str]) -> dict:
    return {"id": "eval-anything", "languages": ["python"], "severity": "INFO", "message": "m",
            "pattern": "eval(...)", "metadata": {"prefilter": prefilter}}


def test_a_declared_regex_the_match_lacks_is_reported_as_dropping_it(tmp_path):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    hit, miss = scratch / "0.py", scratch / "1.py"
    hit.write_text("import builtins\nevaluate = 1\neval(code)\n")
    miss.write_text("evaluate = 1\n")
    right = declared.check(_rule([r"\beval\("]), [hit, miss], scratch)
    wrong = declared.check(_rule([r"\bbuiltins\.eval\b"]), [hit, miss], scratch)
    assert (right["files_with_a_match"], right["files_now"], right["matches_dropped"]) == (1, 1, 0)
    assert (wrong["files_with_a_match"], wrong["files_now"], wrong["matches_dropped"]) == (1, 0, 1)
    assert wrong["dropped"] == [str(hit)]


def test_by_default_it_checks_every_rule_that_declares_a_regex():
    ids = {rule["id"] for rule in declared.declared_rules([])}
    assert {"wallet-secret-exfil", "obfuscated-lambda-chain", "env-dump"} <= ids
    assert all(rule["metadata"]["prefilter"] for rule in declared.declared_rules([]))
