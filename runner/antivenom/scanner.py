"""Scan packages in chunks: extract, run both engines, map hits to packages, decide.

Per chunk: archives are extracted in parallel into a private temporary
directory; Semgrep scans the chunk's files (a deduplicated view of those a rule
can read, dealt into one part per core, one process each: semgrep_view.py)
while YARA matches every file in a thread pool; then the hits are copied back
to every file holding those bytes.
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

import yara

from . import semgrep_engine, traits, yara_engine
from .archives import ArchiveError, Limits, extract
from .model import Finding, Package, Skip
from .ownrules import REASON as OWN_RULES_REASON
from .ownrules import is_own_rule_file
from .rules import RuleMeta, semgrep_dir, semgrep_rule_files, semgrep_rules, yara_dir, yara_rule_meta
from .semgrep_view import ResultCache, Results, SemgrepView, read_key
from .sources import read_metadata
from .suppressions import Suppressions
from .vectors import VectorClassifier
from .verdict import decide

_EXTRACTED = "packages"  # under a chunk's work dir: every extracted archive

# CPython refuses source holding a NUL byte anywhere, even in a comment ("source code
# cannot contain null bytes"), so such a .py is data, not code: a binary or an encrypted
# blob under a .py name. Semgrep would only parse garbage (a 395 KB one cost 20 s of
# regex timeouts); YARA, which is built for binaries, still reads it.
NUL_SKIP_REASON = ("holds NUL bytes, which CPython refuses in source: not run as Python, "
                   "so Semgrep skipped it (YARA read it)")


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


@dataclass
class StageTimes:
    """Wall time per stage, summed over chunks: the benchmark shows the slowest."""

    extract: float = 0.0
    semgrep: float = 0.0
    yara: float = 0.0
    verdict: float = 0.0
    semgrep_processes: int = 0


@dataclass
class _Chunk:
    """One chunk on its way through the pipeline: its tree, Semgrep runs and results."""

    packages: list[Package]
    tmp: tempfile.TemporaryDirectory
    units: list[_Unit] = field(default_factory=list)
    view: SemgrepView | None = None
    known: list = field(default_factory=list)
    semgrep: semgrep_engine.SemgrepPool | None = None
    yara_results: list = field(default_factory=list)
    per_unit: dict[int, list] = field(default_factory=dict)

    @property
    def work(self) -> Path:
        return Path(self.tmp.name)

    def close(self) -> None:
        """Stop Semgrep (never leave it on a tree about to vanish) and remove the tree."""
        if self.semgrep is not None:
            self.semgrep.kill()
        self.tmp.cleanup()


@dataclass
class _Unit:
    package: Package
    files: list[Path] = field(default_factory=list)  # regular files to scan, absolute
    large: set[Path] = field(default_factory=set)  # those over the Semgrep large-file size


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


def _is_python_script(path: Path) -> bool:
    """An extensionless file with a python shebang: Semgrep only reads it if named explicitly."""
    if path.suffix:
        return False
    try:
        with path.open("rb") as handle:
            first = handle.readline(200)
    except OSError:
        return False
    return first.startswith(b"#!") and b"python" in first


class Scanner:
    def __init__(self, options: ScanOptions | None = None) -> None:
        self.options = options or ScanOptions()
        self.semgrep_config = self.options.semgrep_config or semgrep_dir()
        self.semgrep_meta: dict[str, RuleMeta] = semgrep_rules(
            self.semgrep_config if self.semgrep_config.is_dir() else None
        )
        # Semgrep loads a folder of rule files several times slower than one file
        # holding the same rules (16 s against 2 s for 46 files): merge once per run.
        is_dir = self.semgrep_config.is_dir()
        rules = semgrep_engine.load_rules(semgrep_rule_files(self.semgrep_config) if is_dir else [self.semgrep_config])
        self._merged_config = semgrep_engine.merged_config(rules) if is_dir else None
        self._generic_globs = [g.removeprefix("**/") for g in semgrep_engine.generic_includes(rules)]
        yara_root = self.options.yara_rules or yara_dir()
        self.yara_root = yara_root
        self.yara_rules = yara_engine.compile_rules(yara_root)
        self.times = StageTimes()
        self._semgrep_cache = ResultCache()  # per (content, name), across chunks: copies cost nothing

    # -- stages --------------------------------------------------------------

    def _prepare(self, package: Package, work: Path, index: int) -> _Unit:
        unit = _Unit(package)
        if package.error:
            return unit
        if package.root is None:
            assert package.source is not None
            dest = work / _EXTRACTED / f"p{index:05d}"
            dest.mkdir(parents=True)
            try:
                left_out = extract(package.source, dest, self.options.limits)
            except ArchiveError as exc:
                package.error = f"unsafe or unreadable archive: {exc}"
                return unit
            entries = list(dest.iterdir())
            # An sdist's single top folder (name-version/) is the package root.
            package.root = entries[0] if len(entries) == 1 and entries[0].is_dir() else dest
            for member, reason in left_out.items():
                member_path = dest / member
                shown = member_path.relative_to(package.root) if member_path.is_relative_to(package.root) else member
                package.skipped.append(Skip(Path(shown).as_posix(), reason))
            name, version = read_metadata(package.root)
            package.name = name or package.name
            package.version = version or package.version
        unit.files, unit.large = self._collect(package)
        return unit

    def _collect(self, package: Package) -> tuple[list[Path], set[Path]]:
        files, large = [], set()
        assert package.root is not None
        for directory, dirnames, filenames in os.walk(package.root):
            dirnames.sort()
            for filename in sorted(filenames):
                path = Path(directory, filename)
                if path.is_symlink() or not path.is_file():
                    continue  # links in a user's directory are not followed
                size = path.stat().st_size
                if size > self.options.max_file_bytes:
                    package.skipped.append(Skip(self._relative(package, path),
                                                f"larger than {self.options.max_file_bytes} bytes ({size})"))
                    continue
                files.append(path)
                if size > self.options.semgrep_large_file_bytes:
                    large.add(path)
        package.files_scanned = len(files)
        return files, large

    @staticmethod
    def _relative(package: Package, path: Path) -> str:
        assert package.root is not None
        return path.relative_to(package.root).as_posix()

    def _semgrep_name(self, path: Path) -> str | None:
        """The file's name in the Semgrep view, or None when no rule of the pack reads it."""
        if path.suffix in (".py", ".pyi", ".pth"):
            return path.name
        if any(path.match(glob) for glob in self._generic_globs):
            return path.name
        if path.suffix == ".pyw" or _is_python_script(path):
            # Semgrep picks Python by extension; a script is Python by its shebang.
            return "setup_.py" if path.name == "setup" else f"{path.name}.py"
        return None

    def _config(self, work: Path) -> Path:
        if self._merged_config is None:
            return self.semgrep_config
        config = work / "antivenom-rules.yaml"
        if not config.exists():
            config.write_text(self._merged_config, encoding="utf-8")
        return config

    def _semgrep_view(self, units: list[_Unit], work: Path) -> tuple[SemgrepView, list[tuple[_Unit, Path, Results]]]:
        """The chunk's new (content, name) keys, linked for Semgrep; known ones, with their results."""
        view = SemgrepView(work / "semgrep-view", small_parts=2 * self.options.jobs, large_parts=self.options.jobs)
        known: list[tuple[_Unit, Path, Results]] = []
        for unit in units:
            if unit.package.error or unit.package.root is None:
                continue
            for path in unit.files:
                name = self._semgrep_name(path)
                if name is None:
                    continue
                key, has_nul = read_key(path, name)
                cached = self._semgrep_cache.get(key)
                if cached is None and has_nul and name.endswith((".py", ".pyi")):
                    cached = Results(errors=[semgrep_engine.SemgrepFileError(str(path), NUL_SKIP_REASON)])
                    self._semgrep_cache.put(key, cached)
                if cached is not None:
                    known.append((unit, path, cached))
                else:
                    view.add(key, path, path in unit.large, unit)
        return view, known

    def _semgrep_jobs(self, view: SemgrepView, work: Path) -> list[semgrep_engine.SemgrepJob]:
        """One single-job Semgrep process per part of the view. Large files' parts come first
        (the longest jobs first keeps the cores evenly busy to the end), each with a budget
        past which it is killed, so a pathological file costs at most its own run."""
        jobs = []
        for part in view.large_parts():
            entries = view.entries_in(part)
            command = semgrep_engine.build_command(self._config(work), [str(part)], 1,
                                                   self.options.semgrep_timeout, self.options.max_file_bytes)
            budget = self.options.semgrep_large_budget + self.options.semgrep_large_budget_per_file * len(entries)
            jobs.append(semgrep_engine.SemgrepJob(command, work / f"semgrep-large-{part.name}.json", budget, entries))
        for part in view.small_parts():
            command = semgrep_engine.build_command(self._config(work), [str(part)], 1,
                                                   self.options.semgrep_timeout, self.options.semgrep_large_file_bytes)
            jobs.append(semgrep_engine.SemgrepJob(command, work / f"semgrep-{part.name}.json"))
        self.times.semgrep_processes += len(jobs)
        return jobs

    def _semgrep_results(self, jobs: list[semgrep_engine.SemgrepJob]) -> tuple[list, list]:
        hits: list[semgrep_engine.SemgrepHit] = []
        file_errors: list[semgrep_engine.SemgrepFileError] = []
        for job in jobs:
            if isinstance(job.error, semgrep_engine.BudgetExceeded):
                entries = job.tag if isinstance(job.tag, list) else []
                reason = f"{job.error} on a run of {len(entries)} large file(s); YARA only"
                file_errors.extend(semgrep_engine.SemgrepFileError(str(f), reason) for f in entries)
            elif job.error is not None:
                raise job.error
            elif job.result is not None:
                hits.extend(job.result[0])
                file_errors.extend(job.result[1])
        return hits, file_errors

    def _yara_unit(self, unit: _Unit) -> list[tuple[Path, yara_engine.YaraHit]]:
        hits = []
        for path in unit.files:
            try:
                hits.extend((path, hit) for hit in yara_engine.match_file(self.yara_rules, path,
                                                                           self.options.yara_timeout))
            except yara.TimeoutError:
                unit.package.skipped.append(Skip(self._relative(unit.package, path),
                                                 f"YARA timed out after {self.options.yara_timeout} s"))
            except (yara.Error, OSError) as exc:
                unit.package.skipped.append(Skip(self._relative(unit.package, path), f"YARA: {exc}"))
        return hits

    def _findings(self, unit: _Unit, semgrep_hits, yara_hits) -> None:
        package = unit.package
        assert package.root is not None
        root = package.root
        python_files = [self._relative(package, f) for f in unit.files if f.suffix in (".py", ".pyw")]
        vectors = VectorClassifier(lambda rel: (root / rel).read_bytes(), python_files)
        seen: set[tuple[str, str, int | None]] = set()
        for path, hit in semgrep_hits:
            meta = self.semgrep_meta.get(hit.rule_id)
            self._add(package, vectors, seen, Finding(
                rule_id=hit.rule_id, engine="semgrep", path=self._relative(package, path), line=hit.line,
                end_line=hit.end_line, offset=hit.start_offset,
                behaviours=list(meta.behaviours) if meta else [],
                techniques=list(meta.techniques) if meta else [],
                severity=hit.severity.upper(), confidence=meta.confidence if meta else "LOW",
                message=hit.message.strip(),
                evidence=semgrep_engine.evidence(path, hit.start_offset, hit.end_offset),
            ), meta.attack_vector if meta else None)
        for path, hit in yara_hits:
            meta = yara_rule_meta(hit.rule_id, self.yara_root / hit.namespace, hit.meta)
            self._add(package, vectors, seen, Finding(
                rule_id=hit.rule_id, engine="yara", path=self._relative(package, path), line=hit.line,
                offset=hit.offset, behaviours=list(meta.behaviours), techniques=list(meta.techniques),
                severity=meta.severity, confidence=meta.confidence, message=meta.description,
                evidence=hit.evidence,
            ), meta.attack_vector)

    def _add(self, package: Package, vectors: VectorClassifier, seen: set, finding: Finding,
             hint: str | None) -> None:
        key = (finding.rule_id, finding.path, finding.line)
        if key in seen:
            return
        seen.add(key)
        finding.attack_vector, finding.vector_reason = vectors.classify(finding.path, finding.line, hint)
        finding.auxiliary = finding.line is not None and vectors.is_auxiliary(finding.path)
        line_text = b""
        if self.options.suppressions.honour_inline and finding.line and package.root is not None:
            lines = (package.root / finding.path).read_bytes().splitlines()
            line_text = lines[finding.line - 1] if finding.line <= len(lines) else b""
        finding.suppressed = self.options.suppressions.reason_for(finding, package.name, line_text)
        if finding.suppressed is None and package.root is not None and is_own_rule_file(package.root / finding.path):
            finding.suppressed = OWN_RULES_REASON
        package.findings.append(finding)

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
                self._yara(current)
                following = next(chunks, None)
                if following is not None:
                    upcoming = self._extract(following)
                self._await_semgrep(current)
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
        """Time one stage of a chunk into `self.times.<stage>`; on an error or an interrupt,
        stop the chunk's Semgrep and remove its tree before passing the error on."""
        started = time.perf_counter()
        try:
            yield
        except BaseException:
            run.close()
            raise
        setattr(self.times, stage, getattr(self.times, stage) + time.perf_counter() - started)

    def _extract(self, packages: list[Package]) -> _Chunk:
        """A new chunk, its archives extracted in parallel into its private tree."""
        run = _Chunk(packages, tempfile.TemporaryDirectory(prefix="antivenom-"))
        with self._stage(run, "extract"), ThreadPoolExecutor(max_workers=self.options.jobs) as pool:
            run.units = list(pool.map(lambda item: self._prepare(item[1], run.work, item[0]),
                                      enumerate(run.packages)))
        return run

    def _launch(self, run: _Chunk) -> None:
        """Build the chunk's Semgrep view (after the previous chunk's results are cached, so its
        copies are not scanned again) and start the pool of Semgrep runs over its parts."""
        with self._stage(run, "semgrep"):
            run.view, run.known = self._semgrep_view(run.units, run.work)
            jobs = self._semgrep_jobs(run.view, run.work)
            if jobs:
                run.semgrep = semgrep_engine.SemgrepPool(jobs, run.work, self.options.jobs)

    def _yara(self, run: _Chunk) -> None:
        """YARA on every file of the chunk, in threads (it releases the GIL), while Semgrep runs."""
        with self._stage(run, "yara"), ThreadPoolExecutor(max_workers=self.options.jobs) as pool:
            run.yara_results = list(pool.map(self._yara_unit, run.units))

    def _await_semgrep(self, run: _Chunk) -> None:
        """Wait for Semgrep; its hits are cached and copied to every file holding those bytes."""
        with self._stage(run, "semgrep"):
            hits, file_errors = self._semgrep_results(run.semgrep.wait() if run.semgrep is not None else [])
            assert run.view is not None
            found = run.view.results(hits, file_errors, run.work)
            for key, results in found.items():
                self._semgrep_cache.put(key, results)
            owned = [(unit, path, results) for key, results in found.items()
                     for unit, path in run.view.owners[key]]
            run.per_unit = {id(u): [] for u in run.units}
            for unit, path, results in owned + run.known:
                run.per_unit[id(unit)].extend((path, hit) for hit in results.hits)
                shown = self._relative(unit.package, path)
                # Semgrep names the view's copy; the report names the package's own file.
                unit.package.skipped.extend(Skip(shown, e.reason.replace(e.path, shown)) for e in results.errors)

    def _finish(self, run: _Chunk, on_done: Callable[[Package], None] | None) -> None:
        """Findings, vectors and verdicts; then the chunk's tree is removed."""
        try:
            started = time.perf_counter()
            for unit, yara_hits in zip(run.units, run.yara_results, strict=True):
                if unit.package.root is not None and not unit.package.error:
                    self._findings(unit, run.per_unit[id(unit)], yara_hits)
                    traits.apply(unit.package, unit.files)
                decide(unit.package)
                # The extracted tree is about to be removed: do not let the report point into it.
                if unit.package.source is not None and unit.package.root is not None \
                        and unit.package.root.is_relative_to(run.work):
                    unit.package.root = None
            self.times.verdict += time.perf_counter() - started
        finally:
            run.close()
        for package in run.packages:
            if on_done:
                on_done(package)
