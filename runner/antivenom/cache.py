"""Persistent per-file engine results, so an unchanged dependency or a vendored copy is scanned once.

Key: (sha256 of the file's bytes as the runner read them, engine name, pack digest). The pack
digest covers every rule file's bytes, the runner's own code, antivenom's version and the
engines' versions, so a new rule pack (or engine, or runner) never reuses an old result.

Why it cannot be poisoned by what it scans: a scanned package only ever supplies bytes; the key
is the runner's hash of those bytes and the value is what the runner's engines reported for
them, written by the runner. Values are JSON (never pickle) and carry a checksum over key and
value; an entry that does not parse, does not match its checksum or does not have the expected
shape is deleted and reported as a miss, so a damaged cache can cost a rescan, never mark a
file clean. (Someone who can write to your user cache directory can also edit your
installation; that is out of scope, as it is for pip's cache.)

Why SQLite: one file in WAL mode gives atomic writes (a crash leaves the old entry or the new
one, never half of one), many concurrent readers and serialised writers across processes
(`timeout` waits for the lock), and a size cap with least-recently-used eviction in one query,
which a directory of one-file-per-key entries would need a scan of every file for. Any
database error disables the cache for the run (a scan never fails because of its cache).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from . import __version__

DEFAULT_MAX_BYTES = 512 * 1024 * 1024
_ENV_DIR = "ANTIVENOM_CACHE_DIR"
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_ENGINE = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")
_TOUCH_AFTER_SECONDS = 3600  # refresh an entry's LRU stamp at most hourly: reads stay reads
_SCHEMA = """
CREATE TABLE IF NOT EXISTS results (
    sha256 TEXT NOT NULL,
    engine TEXT NOT NULL,
    pack TEXT NOT NULL,
    value TEXT NOT NULL,
    checksum TEXT NOT NULL,
    size INTEGER NOT NULL,
    used INTEGER NOT NULL,
    PRIMARY KEY (sha256, engine, pack)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS results_used ON results (used);
"""


def default_directory() -> Path:
    """$ANTIVENOM_CACHE_DIR, else the platform's user cache dir (~/.cache/antivenom on Linux)."""
    override = os.environ.get(_ENV_DIR)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("antivenom", appauthor=False))


def file_sha256(path: Path) -> str:
    """The key of a file: the hash of the bytes the runner reads (never a name or a claimed hash)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def _engine_versions() -> dict[str, str]:
    versions = {}
    for distribution in ("semgrep", "yara-python"):
        try:
            versions[distribution] = metadata.version(distribution)
        except metadata.PackageNotFoundError:
            versions[distribution] = "absent"
    return versions


def pack_digest(rule_files: Iterable[Path], code_files: Iterable[Path] = (),
                engine_versions: dict[str, str] | None = None, version: str = __version__) -> str:
    """sha256 over antivenom's version, the engines' versions and every given file's name and bytes.

    Any change to a rule, a runner file or an engine gives a new digest, so no older result is reused.
    """
    digest = hashlib.sha256()
    digest.update(f"antivenom {version}\n".encode())
    for name, engine_version in sorted((engine_versions if engine_versions is not None
                                        else _engine_versions()).items()):
        digest.update(f"engine {name} {engine_version}\n".encode())
    for label, files in (("rule", rule_files), ("code", code_files)):
        for path in sorted(Path(p) for p in files):
            data = path.read_bytes()
            digest.update(f"{label} {path.name} {len(data)}\n".encode())
            digest.update(data)
    return digest.hexdigest()


def current_pack_digest() -> str:
    """The digest of the installed rule packs, runner code and engines."""
    from .rule_metadata import semgrep_rule_files, yara_pack_files

    code = sorted(Path(__file__).resolve().parent.rglob("*.py"))
    return pack_digest([*semgrep_rule_files(), *yara_pack_files()], code)


def _checksum(sha256: str, engine: str, pack: str, value: str) -> str:
    return hashlib.sha256(f"{sha256}\0{engine}\0{pack}\0{value}".encode()).hexdigest()


def valid_hits(value: object) -> bool:
    """The shape every cached value must have: a list of JSON objects with string keys."""
    return isinstance(value, list) and all(isinstance(item, dict) and all(isinstance(k, str) for k in item)
                                           for item in value)


@dataclass
class CacheStats:
    hits: int = 0
    misses: int = 0
    writes: int = 0
    rejected: int = 0  # entries found damaged and deleted
    evicted: int = 0


class ResultCache:
    """`get(sha256, engine)` -> the engine's hits for that file under this pack, or None."""

    def __init__(self, directory: Path, pack_digest: str, max_bytes: int = DEFAULT_MAX_BYTES,
                 validate: Callable[[object], bool] = valid_hits) -> None:
        if not _HEX64.match(pack_digest):
            raise ValueError("pack_digest must be a sha256 hex digest")
        self.directory = Path(directory)
        self.pack = pack_digest
        self.max_bytes = max_bytes
        self.validate = validate
        self.stats = CacheStats()
        self.disabled: str | None = None  # why the cache is off for this run
        self._lock = threading.Lock()
        self._connection: sqlite3.Connection | None = None
        self._pid = -1

    @property
    def path(self) -> Path:
        return self.directory / "results.sqlite3"

    def _connect(self) -> sqlite3.Connection | None:
        if self.disabled:
            return None
        if self._connection is not None and self._pid == os.getpid():
            return self._connection
        try:  # a forked child never reuses its parent's connection
            self.directory.mkdir(parents=True, exist_ok=True)
            try:
                connection = self._open()
            except sqlite3.DatabaseError:
                # Not a database (a truncated or overwritten file): set it aside and start afresh.
                os.replace(self.path, self.path.with_suffix(".corrupt"))
                connection = self._open()
        except (sqlite3.Error, OSError) as exc:
            self.disabled = f"cache unavailable ({self.path}): {exc}"
            return None
        self._connection, self._pid = connection, os.getpid()
        return connection

    def _open(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.executescript(_SCHEMA)
        except sqlite3.Error:
            connection.close()
            raise
        return connection

    @staticmethod
    def _check_key(sha256: str, engine: str) -> None:
        if not _HEX64.match(sha256):
            raise ValueError(f"not a sha256 hex digest: {sha256[:80]!r}")
        if not _ENGINE.match(engine):
            raise ValueError(f"not an engine name: {engine[:40]!r}")

    def get(self, sha256: str, engine: str) -> list[dict] | None:
        self._check_key(sha256, engine)
        with self._lock:
            connection = self._connect()
            if connection is None:
                return None
            try:
                row = connection.execute(
                    "SELECT value, checksum, used FROM results WHERE sha256 = ? AND engine = ? AND pack = ?",
                    (sha256, engine, self.pack)).fetchone()
                if row is None:
                    self.stats.misses += 1
                    return None
                value, checksum, used = row
                hits = self._decode(sha256, engine, value, checksum)
                if hits is None:
                    self.stats.rejected += 1
                    self.stats.misses += 1
                    connection.execute("DELETE FROM results WHERE sha256 = ? AND engine = ? AND pack = ?",
                                       (sha256, engine, self.pack))
                    return None
                now = int(time.time())
                if isinstance(used, int) and now - used > _TOUCH_AFTER_SECONDS:
                    connection.execute("UPDATE results SET used = ? WHERE sha256 = ? AND engine = ? AND pack = ?",
                                       (now, sha256, engine, self.pack))
            except sqlite3.Error as exc:
                self.disabled = f"cache error: {exc}"
                return None
        self.stats.hits += 1
        return hits

    def _decode(self, sha256: str, engine: str, value: object, checksum: object) -> list[dict] | None:
        if not isinstance(value, str) or checksum != _checksum(sha256, engine, self.pack, value):
            return None
        try:
            hits = json.loads(value)
        except (ValueError, RecursionError):
            return None
        return hits if valid_hits(hits) and self.validate(hits) else None

    def put(self, sha256: str, engine: str, hits: list[dict]) -> bool:
        """Store the engine's hits for a file; False when not stored (invalid, too big, cache off)."""
        self._check_key(sha256, engine)
        if not valid_hits(hits) or not self.validate(hits):
            raise ValueError("cache values are lists of JSON objects")
        value = json.dumps(hits, sort_keys=True, separators=(",", ":"), allow_nan=False)
        if len(value) > self.max_bytes // 8:
            return False
        with self._lock:
            connection = self._connect()
            if connection is None:
                return False
            try:
                connection.execute(
                    "INSERT OR REPLACE INTO results (sha256, engine, pack, value, checksum, size, used) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (sha256, engine, self.pack, value, _checksum(sha256, engine, self.pack, value), len(value),
                     int(time.time())))
                self.stats.writes += 1
                self._evict(connection)
            except sqlite3.Error as exc:
                self.disabled = f"cache error: {exc}"
                return False
        return True

    def put_many(self, entries: Iterable[tuple[str, str, list[dict]]]) -> int:
        """Store many (sha256, engine, hits) in one transaction and one eviction check (a chunk's
        files at once: per-entry puts would sum the table once per file). Returns how many were stored."""
        rows, now = [], int(time.time())
        for sha256, engine, hits in entries:
            self._check_key(sha256, engine)
            if not valid_hits(hits) or not self.validate(hits):
                raise ValueError("cache values are lists of JSON objects")
            value = json.dumps(hits, sort_keys=True, separators=(",", ":"), allow_nan=False)
            if len(value) <= self.max_bytes // 8:
                rows.append((sha256, engine, self.pack, value, _checksum(sha256, engine, self.pack, value),
                             len(value), now))
        if not rows:
            return 0
        with self._lock:
            connection = self._connect()
            if connection is None:
                return 0
            try:
                connection.execute("BEGIN IMMEDIATE")
                try:
                    connection.executemany(
                        "INSERT OR REPLACE INTO results (sha256, engine, pack, value, checksum, size, used) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
                    connection.execute("COMMIT")
                except sqlite3.Error:
                    connection.execute("ROLLBACK")
                    raise
                self.stats.writes += len(rows)
                self._evict(connection)
            except sqlite3.Error as exc:
                self.disabled = f"cache error: {exc}"
                return 0
        return len(rows)

    def _evict(self, connection: sqlite3.Connection) -> None:
        """Past the cap, drop least recently used entries (any pack) down to 90% of it."""
        (total,) = connection.execute("SELECT COALESCE(SUM(size), 0) FROM results").fetchone()
        if total <= self.max_bytes:
            return
        target, freed, doomed = total - int(self.max_bytes * 0.9), 0, []
        for key_sha, key_engine, key_pack, size in connection.execute(
                "SELECT sha256, engine, pack, size FROM results ORDER BY used ASC"):
            doomed.append((key_sha, key_engine, key_pack))
            freed += size
            if freed >= target:
                break
        connection.execute("BEGIN IMMEDIATE")
        try:
            connection.executemany("DELETE FROM results WHERE sha256 = ? AND engine = ? AND pack = ?", doomed)
            connection.execute("COMMIT")
        except sqlite3.Error:
            connection.execute("ROLLBACK")
            raise
        self.stats.evicted += len(doomed)

    def clear(self) -> None:
        with self._lock:
            connection = self._connect()
            if connection is not None:
                connection.execute("DELETE FROM results")

    def close(self) -> None:
        with self._lock:
            if self._connection is not None and self._pid == os.getpid():
                self._connection.close()
            self._connection = None
