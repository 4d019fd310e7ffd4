"""The persistent result cache: keyed by file hash and pack digest, JSON only, validated on read,
capped, atomic, and shared safely by concurrent processes."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import pickle
import sqlite3
from pathlib import Path

import platformdirs
import pytest
from antivenom import cache
from antivenom.cache import ResultCache, file_sha256, pack_digest

PACK = hashlib.sha256(b"pack-1").hexdigest()
HIT = {"rule_id": "exec-decoded-payload", "line": 3, "evidence": "exec(base64.b64decode(p))"}


def _sha(i: int | str) -> str:
    return hashlib.sha256(str(i).encode()).hexdigest()


def test_round_trip_and_clean_result_is_not_a_miss(tmp_path: Path) -> None:
    store = ResultCache(tmp_path, PACK)
    assert store.get(_sha(1), "semgrep") is None
    assert store.put(_sha(1), "semgrep", [HIT])
    assert store.put(_sha(2), "yara", [])
    assert store.get(_sha(1), "semgrep") == [HIT]
    assert store.get(_sha(2), "yara") == [], "a clean file is a hit with no findings"
    assert store.get(_sha(2), "semgrep") is None, "engines do not share entries"
    assert ResultCache(tmp_path, PACK).get(_sha(1), "semgrep") == [HIT], "persists across instances"
    assert (store.stats.hits, store.stats.misses, store.stats.writes) == (2, 2, 2)


def test_a_new_pack_never_reuses_old_results(tmp_path: Path) -> None:
    ResultCache(tmp_path, PACK).put(_sha(1), "semgrep", [])
    assert ResultCache(tmp_path, hashlib.sha256(b"pack-2").hexdigest()).get(_sha(1), "semgrep") is None


def test_pack_digest_covers_rule_bytes_code_and_versions(tmp_path: Path) -> None:
    rule, code = tmp_path / "a.yaml", tmp_path / "scanner.py"
    rule.write_text("rules: []\n")
    code.write_text("x = 1\n")
    engines = {"semgrep": "1.0", "yara-python": "4.5"}
    base = pack_digest([rule], [code], engines, "0.1.0")
    assert base == pack_digest([rule], [code], dict(engines), "0.1.0"), "deterministic"
    assert base != pack_digest([rule], [code], {**engines, "semgrep": "1.1"}, "0.1.0")
    assert base != pack_digest([rule], [code], engines, "0.1.1")
    rule.write_text("rules: [] \n")
    assert base != pack_digest([rule], [code], engines, "0.1.0")
    rule.write_text("rules: []\n")
    code.write_text("x = 2\n")
    assert base != pack_digest([rule], [code], engines, "0.1.0")


def test_current_pack_digest_is_a_hex_digest() -> None:
    digest = cache.current_pack_digest()
    assert len(digest) == 64 and digest == cache.current_pack_digest()


def _tamper(directory: Path, sql: str, params: tuple = ()) -> None:
    with sqlite3.connect(directory / "results.sqlite3") as connection:
        connection.execute(sql, params)


@pytest.mark.parametrize("damage", ["value", "checksum", "pickle", "shape"])
def test_a_damaged_entry_is_a_miss_and_is_deleted(tmp_path: Path, damage: str) -> None:
    store = ResultCache(tmp_path, PACK)
    store.put(_sha(1), "semgrep", [HIT])
    if damage == "value":  # findings removed by hand: must not mark the file clean
        _tamper(tmp_path, "UPDATE results SET value = '[]'")
    elif damage == "checksum":
        _tamper(tmp_path, "UPDATE results SET checksum = 'x'")
    elif damage == "pickle":  # a pickled value with a matching checksum is still never unpickled
        value = pickle.dumps([HIT]).decode("latin-1")
        _tamper(tmp_path, "UPDATE results SET value = ?, checksum = ?",
                (value, cache._checksum(_sha(1), "semgrep", PACK, value)))
    else:  # valid JSON and checksum, wrong shape
        value = json.dumps({"rule_id": "x"})
        _tamper(tmp_path, "UPDATE results SET value = ?, checksum = ?",
                (value, cache._checksum(_sha(1), "semgrep", PACK, value)))
    fresh = ResultCache(tmp_path, PACK)
    assert fresh.get(_sha(1), "semgrep") is None
    assert fresh.stats.rejected == 1
    with sqlite3.connect(tmp_path / "results.sqlite3") as connection:
        assert connection.execute("SELECT COUNT(*) FROM results").fetchone() == (0,)


def test_caller_validation_rejects_on_read_and_write(tmp_path: Path) -> None:
    store = ResultCache(tmp_path, PACK, validate=lambda hits: all("rule_id" in h for h in hits))
    with pytest.raises(ValueError):
        store.put(_sha(1), "semgrep", [{"line": 1}])
    with pytest.raises(ValueError):
        store.put(_sha(1), "semgrep", [HIT, "not a dict"])  # type: ignore[list-item]


def test_keys_must_be_hashes_and_engine_names(tmp_path: Path) -> None:
    store = ResultCache(tmp_path, PACK)
    for sha, engine in (("../../etc/passwd", "semgrep"), (_sha(1).upper(), "semgrep"), (_sha(1), "Sem grep")):
        with pytest.raises(ValueError):
            store.get(sha, engine)
    with pytest.raises(ValueError):
        ResultCache(tmp_path, "not-a-digest")


def test_size_cap_evicts_least_recently_used(tmp_path: Path) -> None:
    store = ResultCache(tmp_path, PACK, max_bytes=20_000)
    big = [{"evidence": "x" * 900}]
    for i in range(60):
        if i:  # every earlier entry is older by 10 s
            _tamper(tmp_path, "UPDATE results SET used = used - 10")
        store.put(_sha(i), "semgrep", big)
    with sqlite3.connect(tmp_path / "results.sqlite3") as connection:
        (total,) = connection.execute("SELECT SUM(size) FROM results").fetchone()
    assert total <= 20_000
    assert store.stats.evicted > 0
    assert store.get(_sha(59), "semgrep") == big, "the newest entry survives"
    assert store.get(_sha(0), "semgrep") is None, "the oldest is evicted"


def test_an_oversized_value_is_not_stored(tmp_path: Path) -> None:
    store = ResultCache(tmp_path, PACK, max_bytes=8_000)
    assert not store.put(_sha(1), "semgrep", [{"evidence": "x" * 2_000}])
    assert store.get(_sha(1), "semgrep") is None


def test_a_corrupt_database_file_is_set_aside(tmp_path: Path) -> None:
    (tmp_path / "results.sqlite3").write_bytes(b"this is not sqlite" * 100)
    store = ResultCache(tmp_path, PACK)
    assert store.get(_sha(1), "semgrep") is None
    assert store.put(_sha(1), "semgrep", [HIT]) and store.get(_sha(1), "semgrep") == [HIT]
    assert (tmp_path / "results.corrupt").exists()


def test_an_unwritable_directory_disables_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "locked"
    real_mkdir = Path.mkdir

    def refuse(self: Path, *args, **kwargs) -> None:  # what mkdir does in a read-only folder (root ignores modes)
        if self.is_relative_to(locked):
            raise PermissionError(13, "Permission denied", str(self))
        real_mkdir(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", refuse)
    store = ResultCache(locked / "sub", PACK)
    assert store.get(_sha(1), "semgrep") is None and not store.put(_sha(1), "semgrep", [])
    assert "Permission denied" in store.disabled


def test_a_path_that_is_a_file_disables_the_cache(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    store = ResultCache(tmp_path / "file", PACK)
    assert store.get(_sha(1), "semgrep") is None and not store.put(_sha(1), "semgrep", [])
    assert "unavailable" in store.disabled


def _writer(directory: str, worker: int, count: int) -> None:
    store = ResultCache(Path(directory), PACK)
    for i in range(count):
        assert store.put(_sha(f"{worker}-{i}"), "semgrep", [{"worker": worker, "i": i}])
        other = store.get(_sha(f"{(worker + 1) % 4}-{i}"), "semgrep")
        assert other is None or other == [{"worker": (worker + 1) % 4, "i": i}]


def test_concurrent_processes_share_the_cache(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_writer, args=(str(tmp_path), w, 40)) for w in range(4)]
    for process in workers:
        process.start()
    for process in workers:
        process.join(120)
    assert [p.exitcode for p in workers] == [0, 0, 0, 0]
    store = ResultCache(tmp_path, PACK)
    assert all(store.get(_sha(f"{w}-{i}"), "semgrep") == [{"worker": w, "i": i}] for w in range(4) for i in range(40))


def _crash_mid_write(directory: str) -> None:
    connection = sqlite3.connect(Path(directory) / "results.sqlite3", isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    connection.execute("UPDATE results SET value = '[]', checksum = 'half'")
    os._exit(1)  # no commit, no cleanup: as if killed


def test_a_writer_killed_mid_write_leaves_the_old_entry(tmp_path: Path) -> None:
    ResultCache(tmp_path, PACK).put(_sha(1), "semgrep", [HIT])
    process = multiprocessing.get_context("spawn").Process(target=_crash_mid_write, args=(str(tmp_path),))
    process.start()
    process.join(60)
    assert process.exitcode == 1
    assert ResultCache(tmp_path, PACK).get(_sha(1), "semgrep") == [HIT]


def test_default_directory(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ANTIVENOM_CACHE_DIR", str(tmp_path))
    assert cache.default_directory() == tmp_path
    monkeypatch.delenv("ANTIVENOM_CACHE_DIR")
    assert cache.default_directory() == Path(platformdirs.user_cache_dir("antivenom", appauthor=False))


def test_file_sha256_hashes_the_bytes(tmp_path: Path) -> None:
    path = tmp_path / "f.py"
    path.write_bytes(b"import os\n")
    assert file_sha256(path) == hashlib.sha256(b"import os\n").hexdigest()
