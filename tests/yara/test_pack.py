"""Pack-wide checks: layout, rule-name uniqueness, test coverage, meta order.

(Schema validation of the metadata values lives in tests/test_rule_metadata.py.)
"""

from __future__ import annotations

import importlib
import re
import uuid
from collections import Counter
from pathlib import Path

from yara_pack import RULES_DIR, compile_pack, rule_files

TOPIC_TESTS = ["test_stego", "test_binaries", "test_packers", "test_obfuscators", "test_pentest",
               "test_stealers", "test_exfil", "test_pth", "test_blobs", "test_pickle", "test_unicode", "test_signals"]

META_ORDER = ["id", "description", "author", "date", "reference", "behaviours", "techniques",
              "attack_vector", "severity", "confidence", "kind", "signal", "category", "cwe", "likelihood",
              "impact", "score"]
OPTIONAL = {"attack_vector", "signal"}

RULE_RE = re.compile(r"^rule\s+(\w+)\s*(?::[^{]*)?\{(.*?)^\}", re.M | re.S)
META_RE = re.compile(r"^\s*meta:\s*$(.*?)^\s*(?:strings|condition):\s*$", re.M | re.S)
KEY_RE = re.compile(r"^\s*(\w+)\s*=", re.M)


def rule_blocks() -> list[tuple[Path, str, str]]:
    out = []
    for path in rule_files():
        for name, body in RULE_RE.findall(path.read_text()):
            out.append((path, name, body))
    return out


def compiled_rule_names() -> list[str]:
    return [r.identifier for r in compile_pack()]


def test_pack_compiles_without_warnings():
    assert compiled_rule_names()


def test_layout_one_family_per_topic_folder():
    files = rule_files()
    assert files, f"no rules under {RULES_DIR}"
    for path in files:
        assert path.stem == path.parent.name, path
    assert not list(RULES_DIR.glob("*.yar")), "rules belong in rules/yara/<topic>/<topic>.yar"


def test_rule_names_unique_and_snake_case():
    names = compiled_rule_names()
    dupes = [n for n, c in Counter(names).items() if c > 1]
    assert not dupes
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", n) for n in names), names
    # the text parser below sees the same rules the compiler does
    assert sorted(n for _, n, _ in rule_blocks()) == sorted(names)


def test_every_rule_has_positive_and_benign_tests():
    positive: set[str] = set()
    benign: set[str] = set()
    for name in TOPIC_TESTS:
        module = importlib.import_module(name)
        positive |= {r for r, cases in module.POSITIVE.items() if cases}
        benign |= {r for r, cases in module.BENIGN.items() if cases}
    names = set(compiled_rule_names())
    assert names - positive == set(), "rules without a positive test"
    assert names - benign == set(), "rules without a benign look-alike test"
    assert positive - names == set(), "tests for rules that do not exist"
    # every topic test module is listed above
    here = Path(__file__).parent
    not_topics = ("test_pack", "test_gates")
    assert sorted(p.stem for p in here.glob("test_*.py") if p.stem not in not_topics) == sorted(TOPIC_TESTS)


def test_meta_keys_present_and_in_order():
    for path, name, body in rule_blocks():
        meta = META_RE.search(body)
        assert meta, f"{path.name}:{name} has no meta block"
        keys = KEY_RE.findall(meta.group(1))
        assert len(keys) == len(set(keys)), f"{name}: repeated meta key (yara-python keeps the last)"
        expected = [k for k in META_ORDER if k in keys or k not in OPTIONAL]
        assert keys == expected, f"{name}: meta keys {keys} != {expected}"


def test_meta_ids_are_unique_uuids():
    ids = []
    for rule in compile_pack():
        ids.append(rule.meta["id"])
        assert str(uuid.UUID(rule.meta["id"])) == rule.meta["id"], rule.identifier
        assert rule.meta["description"].startswith("Detects "), rule.identifier
    assert len(ids) == len(set(ids))
