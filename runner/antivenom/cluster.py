"""Shard a scan over a Dask cluster: `antivenom scan FOLDER --cluster local:N | tcp://HOST:PORT`.

The unit of work is one chunk of archives, cut by the scanner's own chunking. Each worker
builds one Scanner per run (rules loaded and compiled once) and keeps it for every chunk it
is given; results stream back as chunks finish and are put back at their packages' places,
so the report is the one a single-process scan writes (only stage timings differ).

A worker lost mid-chunk: the scheduler gives the chunk to another worker. A chunk that kills
workers again and again (an archive that exhausts memory) is split into single packages;
a single package that still kills its worker becomes an `error` package, never a gap.

Workers read the archives by path: with a remote scheduler, every worker must see the
scanned folder at the same path (a shared mount of the mirror). Start remote workers with
one thread each (`dask worker ADDRESS --nthreads 1`); each runs one Semgrep process at a time.

Dask is an optional extra (`pip install 'antivenom[cluster]'`), imported only here.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

from . import engines as engine_registry
from .model import Package
from .reload import package_from_dict
from .rule_metadata import RuleMeta
from .scanner import Scanner, ScanOptions, StageTimes, _chunks

LOCAL_PREFIX = "local:"
MAX_CHUNK_RESUBMITS = 1  # after dask's own retries: once more as single packages

# -- on the workers -----------------------------------------------------------------------

_SCANNERS: dict[str, Scanner] = {}  # per worker process: the run's Scanner, built on its first chunk


def _worker_scanner(run_id: str, options: ScanOptions) -> Scanner:
    scanner = _SCANNERS.get(run_id)
    if scanner is None:
        _SCANNERS.clear()  # a long-lived remote worker keeps only the current run's rules
        scanner = _SCANNERS[run_id] = Scanner(options)
    return scanner


def scan_chunk(run_id: str, options: ScanOptions, packages: list[Package]) -> tuple[list[Package], dict]:
    """Run on a worker: scan one chunk; the scanned packages and the chunk's stage times."""
    scanner = _worker_scanner(run_id, options)
    before = dataclasses.asdict(scanner.times)
    scanner.scan(packages)
    return packages, _times_since(before, dataclasses.asdict(scanner.times))


def _times_since(before: dict, after: dict) -> dict:
    """What a chunk added to a worker's StageTimes (scalars, and per-engine dicts)."""
    spent: dict = {}
    for key, value in after.items():
        if isinstance(value, dict):
            spent[key] = {k: v - before[key].get(k, 0) for k, v in value.items()}
        else:
            spent[key] = value - before[key]
    return spent


def _add_times(times: StageTimes, spent: dict) -> None:
    for key, value in spent.items():
        if isinstance(value, dict):
            total = getattr(times, key)
            for k, v in value.items():
                total[k] = total.get(k, 0) + v
        else:
            setattr(times, key, getattr(times, key) + value)


# -- the checkpoint for --resume ------------------------------------------------------------


def _key(package: Package) -> tuple[str, str]:
    return package.target, str(package.source)


def load_checkpoint(path: Path) -> dict[tuple[str, str], Package]:
    """Packages already scanned: from a JSON-lines checkpoint, or a whole JSON report.
    Only archives scanned without an error are reused; anything else is scanned again."""
    if not path.exists():
        return {}
    text = path.read_text(encoding="utf-8")
    try:
        whole = json.loads(text)
        rows = whole["packages"] if isinstance(whole, dict) else []
    except json.JSONDecodeError:
        rows = []
        for line in text.splitlines():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError:
                break  # a line cut short by an interruption ends the usable part
    done = {}
    for row in rows:
        package = package_from_dict(row)
        if package.verdict != "error" and package.source is not None and package.source.is_file():
            done[_key(package)] = package
    return done


def _is_jsonl_checkpoint(path: Path) -> bool:
    if not path.exists() or path.stat().st_size == 0:
        return True
    with path.open("rb") as handle:
        first = handle.readline()
    try:
        return "packages" not in json.loads(first)
    except (json.JSONDecodeError, TypeError):
        return False  # a multi-line (indented) JSON report: read only


# -- the client ------------------------------------------------------------------------------


def _client(spec: str, workers_started: list):
    """A dask Client for `local:N` (a LocalCluster of N one-thread worker processes, owned
    here) or a scheduler address."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:
        raise ValueError("--cluster needs Dask: pip install 'antivenom[cluster]'") from exc

    if spec.startswith(LOCAL_PREFIX):
        try:
            count = int(spec[len(LOCAL_PREFIX):])
        except ValueError as exc:
            raise ValueError(f"--cluster {spec}: expected local:N with N a number of workers") from exc
        if count < 1:
            raise ValueError(f"--cluster {spec}: at least one worker")
        cluster = LocalCluster(n_workers=count, threads_per_worker=1, processes=True, dashboard_address=None,
                               silence_logs=logging.ERROR)
        workers_started.append(cluster)
        return Client(cluster)
    if "://" not in spec:
        raise ValueError(f"--cluster {spec}: expected local:N or a scheduler address such as tcp://HOST:8786")
    return Client(spec)


class ClusterScanner:
    """Scanner's interface (`scan`, `times`, `rules`) with the work done by Dask workers."""

    def __init__(self, options: ScanOptions, spec: str, resume: Path | None = None) -> None:
        # Each worker is one core: one Semgrep process and one YARA/extract thread at a time.
        self.options = dataclasses.replace(options, jobs=1)
        self.spec = spec
        self.resume = resume
        # The driver loads the engines too, only for their rule metadata (reports describe rules with it).
        self.rules: dict[str, RuleMeta] = {}
        for engine in engine_registry.load(self.options, self.options.engines):
            self.rules.update(engine.rules)
        self.times = StageTimes()
        self.client = None  # while scanning: tests may look at the workers
        self.reused = 0  # packages taken from the --resume checkpoint

    def _chunks(self, packages: list[Package]) -> Iterator[list[int]]:
        """Chunks of indices into `packages`, cut as the single-process scan cuts them."""
        position = {id(p): i for i, p in enumerate(packages)}
        for chunk in _chunks(packages, self.options.chunk_size, self.options.chunk_bytes):
            yield [position[id(p)] for p in chunk]

    def _reuse(self, packages: list[Package], on_done: Callable[[Package], None] | None) -> list[int]:
        """Put the checkpoint's packages in place; the indices still to scan."""
        done = load_checkpoint(self.resume) if self.resume else {}
        todo = []
        for index, package in enumerate(packages):
            if _key(package) in done:
                packages[index] = done[_key(package)]
                self.reused += 1
                if on_done:
                    on_done(packages[index])
            else:
                todo.append(index)
        return todo

    def scan(self, packages: list[Package], on_done: Callable[[Package], None] | None = None) -> list[Package]:
        """Scan `packages` on the cluster, replacing each in the list by its scanned copy."""
        todo = self._reuse(packages, on_done)
        if not todo:
            return packages  # everything was in the checkpoint: no cluster to start
        owned: list = []
        checkpoint = self.resume.open("a", encoding="utf-8") \
            if self.resume and _is_jsonl_checkpoint(self.resume) else None
        try:
            self.client = _client(self.spec, owned)
            for indices, scanned, times in self._results(packages, todo):
                for index, package in zip(indices, scanned, strict=True):
                    packages[index] = package
                    if on_done:
                        on_done(package)
                _add_times(self.times, times)
                if checkpoint is not None:
                    checkpoint.writelines(json.dumps(p.to_dict(), ensure_ascii=False) + "\n" for p in scanned)
                    checkpoint.flush()
                    os.fsync(checkpoint.fileno())
        finally:
            if checkpoint is not None:
                checkpoint.close()
            if self.client is not None:
                self.client.close()
                self.client = None
            for cluster in owned:
                cluster.close()
        return packages

    def _results(self, packages: list[Package], todo: list[int]) -> Iterator[tuple[list[int], list[Package], dict]]:
        """Submit the chunks of `todo`; yield (indices, scanned packages, stage times) as each
        finishes. A chunk whose workers keep dying is split into single packages; a single
        package that still kills its worker comes back as an `error` package."""
        from dask.distributed import KilledWorker, as_completed

        run_id = uuid.uuid4().hex
        pending: dict = {}  # future -> (indices, resubmits)
        stream = as_completed()

        def submit(indices: list[int], resubmits: int) -> None:
            chunk = [packages[i] for i in indices]
            future = self.client.submit(scan_chunk, run_id, self.options, chunk, pure=False, retries=1)
            pending[future] = (indices, resubmits)
            stream.add(future)

        for indices in self._chunks([packages[i] for i in todo]):
            submit([todo[i] for i in indices], 0)
        for future in stream:
            indices, resubmits = pending.pop(future)
            try:
                scanned, times = future.result()
            except KilledWorker as exc:
                if len(indices) > 1 and resubmits < MAX_CHUNK_RESUBMITS:
                    for index in indices:  # find the one package that kills workers
                        submit([index], resubmits + 1)
                    continue
                reason = f"the scanning worker died on this package ({exc})"
                scanned = [dataclasses.replace(packages[indices[0]], verdict="error", error=reason,
                                               verdict_reason=reason)]
                times = {}
            finally:
                future.release()
            yield indices, scanned, times
