"""The persistent cache (cache.py) at the engine-dispatch level: an engine wrapped here runs only
on the chunk's files it has no stored result for; the others' hits come from the cache.

The scanner wraps the built-in engines (their rules and code are what the pack digest covers);
the engines themselves know nothing of it. Per file the key is the sha256 of the bytes the
content store read, with the file's base name mixed in (Semgrep picks a file's language and
its generic rules by name, so the same bytes under another name may match differently).

Never stored: a file the engine skipped or did not finish (its skips and its unfinished files),
a file whose bytes could not be read, and anything of a run that failed or was cancelled.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from pathlib import Path

from . import __version__
from .cache import ResultCache, pack_digest
from .content import ContentFile, ContentStore
from .engines import Engine, EngineResult, EngineRun, Hit
from .rule_metadata import GATE_SUFFIX, RuleMeta

CACHED_ENGINES = ("semgrep", "yara")  # built in: their rule files and code are in the digest
_FIELDS = {"rule_id": str, "line": int, "end_line": int, "offset": int, "evidence": str, "message": str,
           "severity": str}


def engines_digest(engines: Iterable[Engine]) -> str:
    """Every rule file the engines loaded (a custom --config included), the runner's code, the engines'
    versions: a new rule pack, runner or engine never reuses an older result."""
    loaded = {meta.path for engine in engines for meta in engine.rules.values()}
    gates = {gate for path in loaded if (gate := path.with_suffix(GATE_SUFFIX)).is_file()}
    code = sorted(Path(__file__).resolve().parent.rglob("*.py"))
    return pack_digest(sorted(loaded | gates), code, version=__version__)


def valid_entries(value: object) -> bool:
    """A cached value: a list of hits, each a dict of the known fields with the right types."""
    return isinstance(value, list) and all(
        isinstance(item, dict) and isinstance(item.get("rule_id"), str)
        and all(k in _FIELDS and (v is None or isinstance(v, _FIELDS[k])) and not isinstance(v, bool)
                for k, v in item.items())
        for item in value)


def _encode(hit: Hit) -> dict:
    return {"rule_id": hit.rule_id, "line": hit.line, "end_line": hit.end_line, "offset": hit.offset,
            "evidence": hit.evidence, "message": hit.message, "severity": hit.severity}


def _decode(entry: dict, file: ContentFile) -> Hit:
    return Hit(rule_id=entry["rule_id"], file=file, line=entry.get("line"), end_line=entry.get("end_line"),
               offset=entry.get("offset"), evidence=entry.get("evidence") or "", message=entry.get("message"),
               severity=entry.get("severity"))


def file_key(store: ContentStore, file: ContentFile) -> str:
    """sha256 over the bytes' sha256 (as the store read them) and the file's base name."""
    return hashlib.sha256(store.digest(file.path) + b"\0" + file.path.name.encode("utf-8", "surrogateescape")
                          ).hexdigest()


class _StoreView:
    """The chunk's store, showing the engine only the files it must still match (same bytes cache)."""

    def __init__(self, store: ContentStore, files: list[ContentFile]) -> None:
        self._store = store
        self.files = files

    def __getattr__(self, name: str):
        return getattr(self._store, name)


class CachedEngine:
    def __init__(self, inner: Engine, cache: ResultCache) -> None:
        self.inner, self.cache = inner, cache
        self.name = inner.name
        self.rules: Mapping[str, RuleMeta] = inner.rules

    def start(self, store: ContentStore) -> EngineRun:
        return _CachedRun(self, store)


class _CachedRun:
    def __init__(self, engine: CachedEngine, store: ContentStore) -> None:
        self.engine, self.store = engine, store
        self.keys: dict[int, str] = {}  # id(file) -> key, for the files whose bytes were read
        self.known: dict[int, list[dict]] = {}
        misses: list[ContentFile] = []
        for file in store.files:
            try:
                key = file_key(store, file)
            except OSError:
                misses.append(file)  # the engine reports it; nothing is stored for it
                continue
            self.keys[id(file)] = key
            cached = engine.cache.get(key, engine.name)
            if cached is None:
                misses.append(file)
            else:
                self.known[id(file)] = cached
        self.misses = misses
        self.inner = engine.inner.start(_StoreView(store, misses)) if misses else None  # type: ignore[arg-type]

    def work(self) -> None:
        if self.inner is not None:
            self.inner.work()

    def wait(self) -> EngineResult:
        result = self.inner.wait() if self.inner is not None else EngineResult()
        skipped = {id(file) for file, _ in (*result.skips, *result.unfinished)}
        fresh: dict[int, list[Hit]] = {id(f): [] for f in self.misses}
        for hit in result.hits:
            fresh.setdefault(id(hit.file), []).append(hit)
        self.engine.cache.put_many(
            (self.keys[id(f)], self.engine.name, [_encode(h) for h in fresh[id(f)]])
            for f in self.misses if id(f) in self.keys and id(f) not in skipped)
        hits: list[Hit] = []
        for file in self.store.files:  # store order: a warm run lists hits as a cold one does
            if id(file) in self.known:
                hits.extend(_decode(entry, file) for entry in self.known[id(file)])
            else:
                hits.extend(fresh.pop(id(file), []))
        for left in fresh.values():  # hits on files outside the store (none expected): kept, not lost
            hits.extend(left)
        counts = dict(result.counts)
        counts[f"{self.engine.name}_cache_hits"] = len(self.known)
        counts[f"{self.engine.name}_cache_misses"] = len(self.misses)
        return EngineResult(hits=hits, skips=result.skips, unfinished=result.unfinished, counts=counts)

    def cancel(self) -> None:
        if self.inner is not None:
            self.inner.cancel()


def wrap(engines: list[Engine], directory: Path) -> tuple[list[Engine], ResultCache]:
    """The built-in engines wrapped with one cache in `directory`; other engines as they are."""
    cache = ResultCache(directory, engines_digest([e for e in engines if e.name in CACHED_ENGINES]),
                        validate=valid_entries)
    return [CachedEngine(e, cache) if e.name in CACHED_ENGINES else e for e in engines], cache
