"""The Semgrep engine: the chunk's files Semgrep can read, each (content, name) once, in
single-job Semgrep processes that run in the background while other engines work.

Per chunk: a deduplicated view of the files a rule can read (semgrep_view.py), dealt into
one part per core; files over the large-file size go to runs of their own, each killed past
its budget; results are cached per (content, name) for the whole scan and copied back to
every file holding those bytes. A .py holding NUL bytes is never given to Semgrep
(NUL_SKIP_REASON). The pack's rule files are merged into one config once per scan.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from ..content import ContentFile, ContentStore
from ..rule_metadata import RuleMeta, semgrep_dir, semgrep_rule_files, semgrep_rules
from . import EngineResult, Hit
from .semgrep_process import (
    BudgetExceeded,
    SemgrepFileError,
    SemgrepHit,
    SemgrepJob,
    SemgrepPool,
    build_command,
    evidence,
    generic_includes,
    load_rules,
    merged_config,
)
from .semgrep_view import Key, ResultCache, Results, SemgrepView

if TYPE_CHECKING:
    from ..scanner import ScanOptions

# CPython refuses source holding a NUL byte anywhere, even in a comment ("source code
# cannot contain null bytes"), so such a .py is data, not code: a binary or an encrypted
# blob under a .py name. Semgrep would only parse garbage (a 395 KB one cost 20 s of
# regex timeouts); YARA, which is built for binaries, still reads it.
NUL_SKIP_REASON = ("holds NUL bytes, which CPython refuses in source: not run as Python, "
                   "so Semgrep skipped it (YARA read it)")


def _is_python_script(store: ContentStore, path: Path) -> bool:
    """An extensionless file with a python shebang: Semgrep only reads it if named explicitly."""
    if path.suffix:
        return False
    try:
        first = store.read(path)[:200].split(b"\n", 1)[0]
    except OSError:
        return False
    return first.startswith(b"#!") and b"python" in first


class SemgrepEngine:
    name = "semgrep"

    def __init__(self, options: ScanOptions) -> None:
        self.options = options
        self.config = options.semgrep_config or semgrep_dir()
        is_dir = self.config.is_dir()
        self.rules: Mapping[str, RuleMeta] = semgrep_rules(self.config if is_dir else None)
        # Semgrep loads a folder of rule files several times slower than one file
        # holding the same rules (16 s against 2 s for 46 files): merge once per run.
        rules = load_rules(semgrep_rule_files(self.config) if is_dir else [self.config])
        self._merged_config = merged_config(rules) if is_dir else None
        self._generic_globs = [g.removeprefix("**/") for g in generic_includes(rules)]
        self.cache = ResultCache()  # per (content, name), across chunks: copies cost nothing

    def start(self, store: ContentStore) -> _SemgrepRun:
        return _SemgrepRun(self, store)

    def view_name(self, store: ContentStore, path: Path) -> str | None:
        """The file's name in the Semgrep view, or None when no rule of the pack reads it."""
        if path.suffix in (".py", ".pyi", ".pth"):
            return path.name
        if any(path.match(glob) for glob in self._generic_globs):
            return path.name
        if path.suffix == ".pyw" or _is_python_script(store, path):
            # Semgrep picks Python by extension; a script is Python by its shebang.
            return "setup_.py" if path.name == "setup" else f"{path.name}.py"
        return None

    def config_file(self, work: Path) -> Path:
        if self._merged_config is None:
            return self.config
        config = work / "antivenom-rules.yaml"
        if not config.exists():
            config.write_text(self._merged_config, encoding="utf-8")
        return config


class _SemgrepRun:
    """One chunk: the view is built and Semgrep started at once; `wait` reads the results back."""

    def __init__(self, engine: SemgrepEngine, store: ContentStore) -> None:
        self.engine, self.store = engine, store
        self.view, self.known = self._view()
        self.jobs = self._jobs()
        self.pool = SemgrepPool(self.jobs, store.work, engine.options.jobs) if self.jobs else None

    def _view(self) -> tuple[SemgrepView, list[tuple[ContentFile, Results]]]:
        """The chunk's new (content, name) keys, linked for Semgrep; known ones, with their results."""
        options, store, cache = self.engine.options, self.store, self.engine.cache
        view = SemgrepView(store.work / "semgrep-view", small_parts=2 * options.jobs, large_parts=options.jobs)
        known: list[tuple[ContentFile, Results]] = []
        for file in store.files:
            name = self.engine.view_name(store, file.path)
            if name is None:
                continue
            key: Key = (store.digest(file.path), name)
            cached = cache.get(key)
            if cached is None and store.has_nul(file.path) and name.endswith((".py", ".pyi")):
                cached = Results(errors=[SemgrepFileError(str(file.path), NUL_SKIP_REASON)])
                cache.put(key, cached)
            if cached is not None:
                known.append((file, cached))
            else:
                view.add(key, file.path, file.size > options.semgrep_large_file_bytes, file)
        return view, known

    def _jobs(self) -> list[SemgrepJob]:
        """One single-job Semgrep process per part of the view. Large files' parts come first
        (the longest jobs first keeps the cores evenly busy to the end), each with a budget
        past which it is killed, so a pathological file costs at most its own run."""
        options, work = self.engine.options, self.store.work
        config = self.engine.config_file(work)
        jobs = []
        for part in self.view.large_parts():
            entries = self.view.entries_in(part)
            command = build_command(config, [str(part)], 1, options.semgrep_timeout, options.max_file_bytes)
            budget = options.semgrep_large_budget + options.semgrep_large_budget_per_file * len(entries)
            jobs.append(SemgrepJob(command, work / f"semgrep-large-{part.name}.json", budget, entries))
        for part in self.view.small_parts():
            command = build_command(config, [str(part)], 1, options.semgrep_timeout,
                                    options.semgrep_large_file_bytes)
            jobs.append(SemgrepJob(command, work / f"semgrep-{part.name}.json"))
        return jobs

    def work(self) -> None:
        pass  # Semgrep works in its own processes

    def _outputs(self) -> tuple[list[SemgrepHit], list[SemgrepFileError]]:
        hits: list[SemgrepHit] = []
        file_errors: list[SemgrepFileError] = []
        for job in self.pool.wait() if self.pool is not None else []:
            if isinstance(job.error, BudgetExceeded):
                entries = job.tag if isinstance(job.tag, list) else []
                reason = f"{job.error} on a run of {len(entries)} large file(s); YARA only"
                file_errors.extend(SemgrepFileError(str(f), reason, unfinished=True) for f in entries)
            elif job.error is not None:
                raise job.error
            elif job.result is not None:
                hits.extend(job.result[0])
                file_errors.extend(job.result[1])
        return hits, file_errors

    def wait(self) -> EngineResult:
        """Hits cached and copied to every file holding those bytes; Semgrep's file errors as skips."""
        hits, file_errors = self._outputs()
        found = self.view.results(hits, file_errors, self.store.work)
        for key, results in found.items():
            self.engine.cache.put(key, results)
        owned = [(file, results) for key, results in found.items() for file, _ in self.view.owners[key]]
        result = EngineResult(counts={"semgrep_processes": len(self.jobs)})
        for file, results in owned + self.known:
            result.hits.extend(self._hit(file, hit) for hit in results.hits)
            # Semgrep names the view's copy; the report names the package's own file.
            for e in results.errors:
                (result.unfinished if e.unfinished else result.skips).append((file, e.reason.replace(e.path, file.rel)))
        return result

    def _hit(self, file: ContentFile, hit: SemgrepHit) -> Hit:
        try:
            shown = evidence(self.store.read(file.path), hit.start_offset, hit.end_offset)
        except OSError:
            shown = ""
        return Hit(hit.rule_id, file, hit.line, end_line=hit.end_line, offset=hit.start_offset, evidence=shown,
                   message=hit.message.strip(), severity=hit.severity.upper())

    def cancel(self) -> None:
        """Never leave Semgrep on a tree about to vanish."""
        if self.pool is not None:
            self.pool.kill()
