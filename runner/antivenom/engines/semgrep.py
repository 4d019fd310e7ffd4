"""The Semgrep engine: the chunk's files Semgrep can read, each (content, name) once, in
single-job Semgrep processes that run in the background while other engines work.

Per chunk: each file a rule can read is hashed and matched by the prefilter (prefilter.py:
one YARA pass over the bytes the content store already holds), which names the rules whose
necessary condition holds in it; a file with none never reaches Semgrep. The rest form a
deduplicated view (semgrep_view.py), dealt into parts by bytes, each file in a folder whose
name spells the rules it needs (rule_folder); every rule of the one config carries a
`paths.include` glob that selects the folders naming it (rule_selector), so each file runs
with exactly its own rules in one Semgrep process per part. Files over the large-file size
go to runs of their own, each killed past its budget. A file on which a rule ran out of time
is run once more on its own with a longer timeout (_retry_timed_out). Results are cached per (content,
name) for the whole scan and copied back to every file holding those bytes. A .py holding
NUL bytes is never given to Semgrep (NUL_SKIP_REASON). The pack's rule files are merged into one config once per scan.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from ..content import ContentFile, ContentStore
from ..rule_metadata import RuleMeta, semgrep_dir, semgrep_rule_files, semgrep_rules
from . import EngineResult, Hit
from .prefilter import Prefilter
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


RuleSet = frozenset[str]

# Semgrep's per-rule timeout is wall-clock: on a busy machine a rule that needs 3 s of CPU on a
# large generated module runs out of its 5 s, and the package would be `incomplete` because of
# its neighbours' load. A file that timed out is run again, alone, with this many times the
# timeout and a threshold of one, so a file built to be slow costs at most one longer rule more.
RETRY_TIMEOUT_FACTOR = 3
_TIMEOUT_REASON = "semgrep Timeout"

# A view folder's name: this letter, then one letter per rule of the pack (in sorted id
# order), RULE_ON where the file needs the rule; then the entry's number. A rule's glob
# `R???y*` (RULE_ON at its own position) selects the folders of the files that need it.
RULE_FOLDER = "R"
RULE_ON, RULE_OFF = "y", "n"


def rule_folder(order: list[str], needed: RuleSet) -> str:
    """The start of a view folder's name for a file that needs `needed` of `order`."""
    return RULE_FOLDER + "".join(RULE_ON if rid in needed else RULE_OFF for rid in order) + "-"


def rule_selector(position: int) -> str:
    """The `paths.include` glob of the rule at `position`: any folder whose name has the rule's
    letter on. Semgrep applies an include without a slash to every path segment, so a file is
    read by the rule when its folder matches; a file name that happens to match only adds work."""
    return RULE_FOLDER + "?" * position + RULE_ON + "*"


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
        self._rule_specs = {rule["id"]: rule for rule in rules}
        self.all_rules: RuleSet = frozenset(self._rule_specs)
        self.order = sorted(self._rule_specs)  # a rule's position in the view's folder names
        self._generic_globs = [g.removeprefix("**/") for g in generic_includes(rules)]
        self.cache = ResultCache()  # per (content, name), across chunks: copies cost nothing
        self.prefilter = Prefilter(rules, options.yara_timeout) if options.semgrep_prefilter else None

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
        """The config of the chunk's runs, written once per chunk. Behind the prefilter each rule
        reads only the view folders that name it (rule_selector); a rule with a `paths.include`
        of its own keeps it (its files are few and named: setup.py, requirements files)."""
        if self.prefilter is None and self._merged_config is None:
            return self.config
        config = work / "antivenom-rules.yaml"
        if not config.exists():
            config.write_text(self._chunk_config_text(), encoding="utf-8")
        return config

    @functools.cached_property
    def _selected_config(self) -> str:
        return merged_config([self._selected(rule, position)
                              for position, rule in enumerate(self._rule_specs[rid] for rid in self.order)])

    def _chunk_config_text(self) -> str:
        return (self._merged_config or "") if self.prefilter is None else self._selected_config

    @staticmethod
    def _selected(rule: dict, position: int) -> dict:
        paths = rule.get("paths") or {}
        if paths.get("include"):
            return rule
        return {**rule, "paths": {**paths, "include": [rule_selector(position)]}}

    def examine(self, store: ContentStore, path: Path, name: str) -> tuple[Key, RuleSet | None]:
        """The file's key, and the rules it needs (None when its results are cached already):
        the bytes are read once, for the hash and the prefilter both."""
        data = store.read(path)
        key: Key = (store.digest(path, data), name)
        if self.cache.get(key) is not None:
            return key, None
        if self.prefilter is None:
            return key, self.all_rules
        return key, self.prefilter.rules_for(data, name)


class _SemgrepRun:
    """One chunk: the view is built and Semgrep started at once; `wait` reads the results back."""

    def __init__(self, engine: SemgrepEngine, store: ContentStore) -> None:
        self.engine, self.store = engine, store
        self.view, self.known = self._view()
        self.jobs = self._jobs()
        self.pool = SemgrepPool(self.jobs, store.work, engine.options.jobs) if self.jobs else None
        self.retry_pool: SemgrepPool | None = None

    def _view(self) -> tuple[SemgrepView, list[tuple[ContentFile, Results]]]:
        """The chunk's new (content, name) keys that need Semgrep, linked for it, each in a
        folder naming its rules; the others (cached, NUL-holding, no rule's condition met) with
        their results."""
        options, store, engine = self.engine.options, self.store, self.engine
        named = [(file, name) for file in store.files
                 if (name := engine.view_name(store, file.path)) is not None]
        with ThreadPoolExecutor(max_workers=options.jobs) as pool:  # sha256 and YARA release the GIL
            examined = list(pool.map(lambda item: engine.examine(store, item[0].path, item[1]), named))
        known: list[tuple[ContentFile, Results]] = []
        wanted: list[tuple[ContentFile, Key, RuleSet]] = []
        for (file, name), (key, needed) in zip(named, examined, strict=True):
            cached = engine.cache.get(key)
            if cached is None and store.has_nul(file.path) and name.endswith((".py", ".pyi")):
                cached = Results(errors=[SemgrepFileError(str(file.path), NUL_SKIP_REASON)])
                engine.cache.put(key, cached)
            if cached is None and needed is not None and not needed:
                # No rule can match: read by the prefilter, fully; nothing for Semgrep to do.
                cached = Results()
                engine.cache.put(key, cached)
            if cached is not None:
                known.append((file, cached))
            elif needed is not None:
                wanted.append((file, key, needed))
        view = SemgrepView(store.work / "semgrep-view", small_parts=2 * options.jobs, large_parts=options.jobs)
        for file, key, needed in wanted:
            prefix = rule_folder(engine.order, needed) if engine.prefilter is not None else ""
            view.add(key, file.path, file.size > options.semgrep_large_file_bytes, file, prefix)
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

    def _retry_timed_out(self, found: dict[Key, Results]) -> None:
        """Files on which a rule ran out of time, once more in one process of their own: each in
        a view of its own under its own rule folder's name (so it runs with the same rules),
        RETRY_TIMEOUT_FACTOR times the timeout, threshold one. What the retry finds replaces
        the first run's results (it ran every rule of the file again); if a rule times out
        again, the file stays unfinished and its reason says it was retried."""
        retry = SemgrepView(self.view.root / "retry")
        for entry, key in self.view.keys.items():
            if any(e.unfinished and e.reason.startswith(_TIMEOUT_REASON) for e in found[key].errors):
                retry.add(key, entry, False, None, entry.parent.name)
        if not retry.keys:
            return
        options, work = self.engine.options, self.store.work
        timeout = options.semgrep_timeout * RETRY_TIMEOUT_FACTOR
        command = build_command(self.engine.config_file(work), [str(p) for p in retry.small_parts()], 1, timeout,
                                options.max_file_bytes, timeout_threshold=1)
        budget = options.semgrep_large_budget + options.semgrep_large_budget_per_file * len(retry.keys)
        self.retry_pool = SemgrepPool([SemgrepJob(command, work / "semgrep-retry.json", budget)], work, 1)
        job = self.retry_pool.wait()[0]
        if job.error is not None and not isinstance(job.error, BudgetExceeded):
            raise job.error
        if job.result is None:  # past its budget: the first run's results stand, unfinished
            return
        hits, errors = job.result
        note = f" (also after a retry at {timeout:g} s per rule)"
        errors = [dataclasses.replace(e, reason=e.reason + note) if e.unfinished else e for e in errors]
        found.update(retry.results(hits, errors, work))

    def wait(self) -> EngineResult:
        """Hits cached and copied to every file holding those bytes; Semgrep's file errors as skips."""
        hits, file_errors = self._outputs()
        found = self.view.results(hits, file_errors, self.store.work)
        self._retry_timed_out(found)
        for key, results in found.items():
            self.engine.cache.put(key, results)
        owned = [(file, results) for key, results in found.items() for file, _ in self.view.owners[key]]
        result = EngineResult(counts={"semgrep_processes": len(self.jobs),
                                      "semgrep_files": len(self.view.keys)})
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
        for pool in (self.pool, self.retry_pool):
            if pool is not None:
                pool.kill()
