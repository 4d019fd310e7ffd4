"""Scan packages in chunks: extract, run every registered engine, map hits to packages, decide.

Per chunk: archives are unpacked in parallel into a private temporary directory
(sources.unpack, which also settles each package's name and version); the chunk's
files go into a content store (content.py: each file read once); every engine
(engines/) starts on it - Semgrep in background processes - then does its foreground
work (YARA in threads) while the next chunk is extracted; then the hits become
findings (findings.py) and verdicts.
Chunks overlap (see Scanner.scan), but at most two chunks' trees exist at
once, so memory and disk stay bounded whatever the batch size.

Fail closed (README, "What a scan guarantees"): every per-package stage runs under one
guard (`_guarded`), so an exception gives that package `error` and the batch goes on; an
engine that fails on a chunk leaves its packages `incomplete`; a code file an engine did not
finish makes its package `incomplete`; trees are removed without recursion (trees.py).
"""

from __future__ import annotations

import os
import signal
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import derived, engine_cache, sources, traits
from . import engines as engine_registry
from .archives import Limits
from .bounded import bounded
from .cache import ResultCache
from .codefiles import is_code
from .content import DEFAULT_MAX_CACHED, ContentFile, ContentStore, collect
from .engines import Engine, EngineResult, EngineRun
from .findings import add_findings
from .model import Package, Skip
from .rule_metadata import RuleMeta
from .suppressions import Suppressions
from .trees import make_dirs, remove_tree
from .verdict import decide

if TYPE_CHECKING:
    from .config import Config as RuleSelection

_EXTRACTED = "packages"  # under a chunk's work dir: every extracted archive


@dataclass
class ScanOptions:
    jobs: int = max(1, os.cpu_count() or 1)  # Semgrep processes per chunk, and YARA/extract threads
    chunk_size: int = 200  # packages per chunk
    chunk_bytes: int = 48 * 1024 * 1024  # and about this much archive data (compressed) per chunk
    semgrep_timeout: float = 5.0  # seconds per file and rule; 3 timeouts on a file skip its other rules
    yara_timeout: int = 30  # seconds per file
    max_file_bytes: int = 20 * 1024 * 1024  # larger files are skipped, and the skip reported
    # Semgrep's cost grows faster than a file's size (a 790 KB generated file took 45 s), so
    # files above this go to Semgrep runs of their own, each killed past its budget (per file
    # in it); the chunk's main runs, and every other package, never wait on them.
    semgrep_large_file_bytes: int = 512 * 1024
    # A large-file run's wall-clock budget: this much, plus the per-file share for each of its
    # files. Runs share the cores with the main runs, so a 2 MB generated file alone may need 90 s.
    semgrep_large_budget: float = 120.0
    semgrep_large_budget_per_file: float = 30.0
    limits: Limits = field(default_factory=Limits)
    semgrep_config: Path | None = None
    yara_rules: Path | None = None
    suppressions: Suppressions = field(default_factory=Suppressions)
    content_cache_bytes: int = DEFAULT_MAX_CACHED  # bytes of file content a chunk keeps for re-reading
    engines: list[str] | None = None  # registered engines to run, by name (default: all)
    peel: bool = True  # decode layers (derived.py) and scan them with every engine
    # Semgrep reads only the files some rule's necessary condition holds in, each with only those
    # rules (engines/prefilter.py); off, every file a rule can read gets every rule (for comparison).
    semgrep_prefilter: bool = True
    cache_dir: Path | None = None  # the persistent per-file result cache (engine_cache.py); None: off
    rule_selection: RuleSelection | None = None  # --rules/--exclude-rules: hits of other rules are dropped


@dataclass
class StageTimes:
    """Wall time per stage, summed over chunks: the benchmark shows the slowest."""

    extract: float = 0.0
    verdict: float = 0.0
    engines: dict[str, float] = field(default_factory=dict)  # per engine: start + work + wait
    counts: dict[str, int] = field(default_factory=dict)  # what engines count, e.g. semgrep_processes

    @property
    def semgrep_processes(self) -> int:
        return self.counts.get("semgrep_processes", 0)

    def stages(self) -> dict[str, float]:
        return {"extract": self.extract, **self.engines, "verdict": self.verdict}


@dataclass
class _Chunk:
    """One chunk on its way through the pipeline: its tree, content, engine runs and results."""

    packages: list[Package]
    tmp: Path  # the chunk's private temporary tree
    store: ContentStore
    files: dict[int, list[ContentFile]] = field(default_factory=dict)  # per package index
    runs: list[tuple[Engine, EngineRun]] = field(default_factory=list)
    results: list[tuple[Engine, EngineResult]] = field(default_factory=list)
    closed: bool = False
    # How the tree goes: the scan hands it to a background thread (unlinking thousands of files is
    # system time the next chunk need not wait for) and waits for that thread before it returns.
    remove: Callable[[Path], object] = remove_tree

    @property
    def work(self) -> Path:
        return self.tmp

    def close(self) -> None:
        """Stop every engine's run (never leave one on a tree about to vanish), drop the content, remove the tree."""
        if self.closed:
            return
        self.closed = True
        try:
            for _, run in self.runs:
                run.cancel()
        finally:
            self.store.clear()
            self.remove(self.tmp)  # remove_tree, now or in the background: iterative, never RecursionError


@contextmanager
def _signals_held() -> Iterator[None]:
    """SIGINT/SIGTERM wait (are delivered on exit) while a chunk's tree is created and registered:
    an interrupt between the two would leave a tree nobody removes. (Per thread; no-op without
    pthread_sigmask.)"""
    held = {signal.SIGINT, signal.SIGTERM}
    try:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    except (AttributeError, OSError, ValueError):
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _guarded(package: Package, stage: str, action: Callable[[], object]) -> None:
    """Run one per-package stage; an exception (RecursionError, MemoryError, a bug) makes this
    package an `error` naming the exception class, with a bounded message, and nothing else."""
    try:
        action()
    except Exception as exc:  # the guard: whatever one package does stays in it
        package.error = bounded(f"{stage} failed: {type(exc).__name__}: {exc}")


def _archive_bytes(package: Package) -> int:
    source = package.source
    return source.stat().st_size if source is not None and source.is_file() else 0


def _chunks(items: list[Package], size: int, max_bytes: int) -> Iterator[list[Package]]:
    """At most `size` packages and about `max_bytes` of archives per chunk: one Semgrep process's
    memory follows the code it holds, so a batch of big packages is cut finer."""
    chunk: list[Package] = []
    held = 0
    for package in items:
        weight = _archive_bytes(package)
        if chunk and (len(chunk) >= size or held + weight > max_bytes):
            yield chunk
            chunk, held = [], 0
        chunk.append(package)
        held += weight
    if chunk:
        yield chunk


class Scanner:
    def __init__(self, options: ScanOptions | None = None) -> None:
        self.options = options or ScanOptions()
        self.engines: list[Engine] = engine_registry.load(self.options, self.options.engines)
        self.cache: ResultCache | None = None
        if self.options.cache_dir is not None:
            self.engines, self.cache = engine_cache.wrap(self.engines, self.options.cache_dir)
        self.times = StageTimes()
        self.interrupted: int | None = None  # the signal that stopped the run (set by the CLI)
        self._open: list[_Chunk] = []  # every chunk whose tree exists: what an interrupt must remove
        self._remove: Callable[[Path], object] = remove_tree  # a scan's background remover while it runs

    @property
    def rules(self) -> dict[str, RuleMeta]:
        """Every engine's rule metadata, by rule id: what reports describe rules with."""
        merged: dict[str, RuleMeta] = {}
        for engine in self.engines:
            merged.update(engine.rules)
        return merged

    def _prepare(self, package: Package, work: Path, index: int) -> list[ContentFile]:
        found: list[ContentFile] = []

        def prepare() -> None:
            if package.error:
                return
            if package.root is None:
                dest = work / _EXTRACTED / f"p{index:05d}"
                make_dirs(dest)
                sources.unpack(package, dest, self.options.limits)
                if package.error:
                    return
            found.extend(collect(package, self.options.max_file_bytes))

        _guarded(package, "extract", prepare)
        return [] if package.error else found

    # -- the whole run ---------------------------------------------------------

    def scan(self, packages: list[Package], on_done: Callable[[Package], None] | None = None) -> list[Package]:
        """Chunk by chunk, pipelined so that Semgrep is never waited on with a core idle:
        while Semgrep works on a chunk, the previous chunk is decided (Python, one core), the
        chunk's files are matched by YARA, and the next chunk is extracted; its own Semgrep
        run starts the moment this one ends. At most two chunks' trees exist at once, and a third
        while a background thread removes it; the scan returns only once every tree is gone."""
        remover = ThreadPoolExecutor(max_workers=1, thread_name_prefix="antivenom-remove")
        self._remove = lambda tree: remover.submit(remove_tree, tree)
        waiting: _Chunk | None = None  # collected, not yet decided
        current: _Chunk | None = None  # Semgrep running on it
        upcoming: _Chunk | None = None  # extracted, Semgrep not yet started
        chunks = _chunks(packages, self.options.chunk_size, self.options.chunk_bytes)
        try:
            first = next(chunks, None)
            if first is not None:
                current = self._extract(first)
                self._launch(current)
            while current is not None:
                if waiting is not None:
                    finishing, waiting = waiting, None
                    self._finish(finishing, on_done)
                self._work(current)
                following = next(chunks, None)
                if following is not None:
                    upcoming = self._extract(following)
                self._wait(current)
                waiting, current = current, None
                if upcoming is not None:
                    current, upcoming = upcoming, None
                    self._launch(current)
            if waiting is not None:
                finishing, waiting = waiting, None
                self._finish(finishing, on_done)
        finally:
            # On an error or an interrupt: stop Semgrep and remove every tree still held, also one
            # made by an _extract the interrupt cut short (not yet in waiting/current/upcoming).
            try:
                for left in self._open:
                    left.close()
                self._open.clear()
            finally:
                remover.shutdown(wait=True)
                self._remove = remove_tree
        return packages

    @contextmanager
    def _stage(self, run: _Chunk, stage: str) -> Iterator[None]:
        """Time one stage of a chunk (extract or an engine's name); on an error or an interrupt,
        stop the chunk's engines and remove its tree before passing the error on."""
        started = time.perf_counter()
        try:
            yield
        except BaseException:
            run.close()
            raise
        elapsed = time.perf_counter() - started
        if stage == "extract":
            self.times.extract += elapsed
        else:
            self.times.engines[stage] = self.times.engines.get(stage, 0.0) + elapsed

    def _extract(self, packages: list[Package]) -> _Chunk:
        """A new chunk, its archives extracted in parallel into its private tree, its files in its store."""
        self._open = [chunk for chunk in self._open if not chunk.closed]
        with _signals_held():
            tmp = Path(tempfile.mkdtemp(prefix="antivenom-"))
            try:
                run = _Chunk(packages, tmp, ContentStore(tmp, self.options.content_cache_bytes))
            except BaseException:
                remove_tree(tmp)
                raise
            run.remove = self._remove
            self._open.append(run)
        with self._stage(run, "extract"), ThreadPoolExecutor(max_workers=self.options.jobs) as pool:
            found = list(pool.map(lambda item: self._prepare(item[1], run.work, item[0]), enumerate(run.packages)))
        for index, files in enumerate(found):
            run.files[index] = files
            run.store.add(files)
        if self.options.peel:  # decoded layers join the store; run.files keeps only the packages' own
            with self._stage(run, "peel"):
                derived.peel_chunk(found, run.store, run.work / "derived", self.options.max_file_bytes)
        return run

    def _launch(self, run: _Chunk) -> None:
        """Start every engine on the chunk (after the previous chunk's results are in, so an engine's
        cache spares it the copies); Semgrep's processes start here."""
        for engine in self.engines:
            with self._stage(run, engine.name):
                try:
                    run.runs.append((engine, engine.start(run.store)))
                except Exception as exc:  # one engine's failure leaves the chunk incomplete
                    self._engine_failed(run, engine, exc)

    def _work(self, run: _Chunk) -> None:
        """Every engine's foreground work (YARA in threads), while background work runs."""
        for engine, engine_run in run.runs:
            with self._stage(run, engine.name):
                try:
                    engine_run.work()
                except Exception as exc:
                    self._engine_failed(run, engine, exc)

    def _wait(self, run: _Chunk) -> None:
        """Every engine's results; its skipped files go to their packages."""
        for engine, engine_run in run.runs:
            with self._stage(run, engine.name):
                try:
                    result = engine_run.wait()
                except Exception as exc:
                    self._engine_failed(run, engine, exc)
                    continue
            run.results.append((engine, result))
            for name, count in result.counts.items():
                self.times.counts[name] = self.times.counts.get(name, 0) + count
            for file, reason in result.skips:
                file.package.skipped.append(Skip(file.rel, reason))
                run.store.note_left(file.path, engine.name)
            marked: set[int] = set()
            for file, reason in result.unfinished:
                file.package.skipped.append(Skip(file.rel, reason))
                run.store.note_left(file.path, engine.name)
                if id(file) not in marked and self._is_code(run.store, file):  # one reason per file and engine
                    marked.add(id(file))
                    file.package.mark_incomplete(f"{file.rel}: {engine.name} did not finish it ({reason})")

    @staticmethod
    def _is_code(store: ContentStore, file: ContentFile) -> bool:
        """Code CPython would run: by name or shebang, and no NUL byte (README, "incomplete")."""
        try:
            data = store.read(file.path)
        except OSError:
            return is_code(file.rel, None)
        return is_code(file.rel, data[:200]) and b"\0" not in data

    def _engine_failed(self, run: _Chunk, engine: Engine, exc: Exception) -> None:
        """An engine failed on the whole chunk: every package it would have read is incomplete."""
        reason = bounded(f"engine {engine.name} failed on this chunk: {type(exc).__name__}: {exc}", 300)
        for index, package in enumerate(run.packages):
            if run.files.get(index):
                package.mark_incomplete(reason)

    def _finish(self, run: _Chunk, on_done: Callable[[Package], None] | None) -> None:
        """Findings, vectors and verdicts; then the chunk's tree is removed."""
        try:
            started = time.perf_counter()
            hits: dict[int, list] = {id(p): [(e.name, e.rules, []) for e, _ in run.results] for p in run.packages}
            selection = self.options.rule_selection
            for i, (_, result) in enumerate(run.results):
                for hit in result.hits:
                    if selection is None or selection.selects(hit.rule_id):  # after the cache: it keeps all
                        hits[id(hit.file.package)][i][2].append(hit)
            for index, package in enumerate(run.packages):
                if package.root is not None and not package.error:
                    found = hits[id(package)]
                    _guarded(package, "findings", lambda p=package, i=index, h=found: add_findings(
                        p, run.files[i], run.store, h, self.options.suppressions))
                    _guarded(package, "traits", lambda p=package, i=index: traits.apply(p, run.files[i],
                                                                                         run.store.read))
                _guarded(package, "verdict", lambda p=package: decide(p))
                if package.error:
                    decide(package)  # an error from a stage above: verdict `error`, its reason
                package.bound()
                # The extracted tree is about to be removed: do not let the report point into it.
                if package.source is not None and package.root is not None and package.root.is_relative_to(run.work):
                    package.root = None
            self.times.verdict += time.perf_counter() - started
        finally:
            run.close()
        for package in run.packages:
            if on_done:
                on_done(package)
