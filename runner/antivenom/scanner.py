"""Scan packages in chunks: extract, run every registered engine, map hits to packages, decide.

Per chunk: archives are unpacked in parallel into a private temporary directory
(sources.unpack, which also settles each package's name and version); the chunk's
files go into a content store (content.py: each file read once); every engine
(engines/) starts on it - Semgrep in background processes - then does its foreground
work (YARA in threads) while the next chunk is extracted; then the hits become
findings (findings.py) and verdicts.
Chunks overlap (see Scanner.scan), but at most two chunks' trees exist at
once, so memory and disk stay bounded whatever the batch size.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import engine_cache, sources, traits
from . import engines as engine_registry
from .archives import Limits
from .cache import ResultCache
from .content import DEFAULT_MAX_CACHED, ContentFile, ContentStore, collect
from .engines import Engine, EngineResult, EngineRun
from .findings import add_findings
from .model import Package, Skip
from .rule_metadata import RuleMeta
from .suppressions import Suppressions
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
    tmp: tempfile.TemporaryDirectory
    store: ContentStore
    files: dict[int, list[ContentFile]] = field(default_factory=dict)  # per package index
    runs: list[tuple[Engine, EngineRun]] = field(default_factory=list)
    results: list[tuple[Engine, EngineResult]] = field(default_factory=list)

    @property
    def work(self) -> Path:
        return Path(self.tmp.name)

    def close(self) -> None:
        """Stop every engine's run (never leave one on a tree about to vanish), drop the content, remove the tree."""
        for _, run in self.runs:
            run.cancel()
        self.store.clear()
        self.tmp.cleanup()


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

    @property
    def rules(self) -> dict[str, RuleMeta]:
        """Every engine's rule metadata, by rule id: what reports describe rules with."""
        merged: dict[str, RuleMeta] = {}
        for engine in self.engines:
            merged.update(engine.rules)
        return merged

    def _prepare(self, package: Package, work: Path, index: int) -> list[ContentFile]:
        if package.error:
            return []
        if package.root is None:
            dest = work / _EXTRACTED / f"p{index:05d}"
            dest.mkdir(parents=True)
            sources.unpack(package, dest, self.options.limits)
            if package.error:
                return []
        return collect(package, self.options.max_file_bytes)

    # -- the whole run ---------------------------------------------------------

    def scan(self, packages: list[Package], on_done: Callable[[Package], None] | None = None) -> list[Package]:
        """Chunk by chunk, pipelined so that Semgrep is never waited on with a core idle:
        while Semgrep works on a chunk, the previous chunk is decided (Python, one core), the
        chunk's files are matched by YARA, and the next chunk is extracted; its own Semgrep
        run starts the moment this one ends. At most two chunks' trees exist at once."""
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
            # On an error or an interrupt: stop Semgrep and remove every tree still held.
            for left in (waiting, current, upcoming):
                if left is not None:
                    left.close()
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
        tmp = tempfile.TemporaryDirectory(prefix="antivenom-")
        run = _Chunk(packages, tmp, ContentStore(Path(tmp.name), self.options.content_cache_bytes))
        with self._stage(run, "extract"), ThreadPoolExecutor(max_workers=self.options.jobs) as pool:
            found = list(pool.map(lambda item: self._prepare(item[1], run.work, item[0]), enumerate(run.packages)))
        for index, files in enumerate(found):
            run.files[index] = files
            run.store.add(files)
        return run

    def _launch(self, run: _Chunk) -> None:
        """Start every engine on the chunk (after the previous chunk's results are in, so an engine's
        cache spares it the copies); Semgrep's processes start here."""
        for engine in self.engines:
            with self._stage(run, engine.name):
                run.runs.append((engine, engine.start(run.store)))

    def _work(self, run: _Chunk) -> None:
        """Every engine's foreground work (YARA in threads), while background work runs."""
        for engine, engine_run in run.runs:
            with self._stage(run, engine.name):
                engine_run.work()

    def _wait(self, run: _Chunk) -> None:
        """Every engine's results; its skipped files go to their packages."""
        for engine, engine_run in run.runs:
            with self._stage(run, engine.name):
                result = engine_run.wait()
            run.results.append((engine, result))
            for name, count in result.counts.items():
                self.times.counts[name] = self.times.counts.get(name, 0) + count
            for file, reason in result.skips:
                file.package.skipped.append(Skip(file.rel, reason))

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
                    add_findings(package, run.files[index], run.store, hits[id(package)], self.options.suppressions)
                    traits.apply(package, run.files[index], run.store.read)
                decide(package)
                # The extracted tree is about to be removed: do not let the report point into it.
                if package.source is not None and package.root is not None and package.root.is_relative_to(run.work):
                    package.root = None
            self.times.verdict += time.perf_counter() - started
        finally:
            run.close()
        for package in run.packages:
            if on_done:
                on_done(package)
