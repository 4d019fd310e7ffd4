"""Semgrep as a process: its command line, its environment, a pool of runs, its JSON read back.

Semgrep's defaults suit a developer's own repository, not hostile packages: it
skips tests/ and vendor/ folders, git-ignored files, files over 1 MB, minified
files, lines marked `nosem`, and extensionless scripts. Malware hides in each
of those, so every one is switched off here (minified files are scanned by
default in this Semgrep; --exclude-minified-files is never passed), and the
scanner hands Semgrep a view of the files under plain names (semgrep_view.py:
a script is Python by its shebang, so it is linked as NAME.py)
(see tests/test_semgrep_engine.py). engines/semgrep.py drives it per chunk.

Semgrep runs as its OCaml CLI (`--experimental`, "osemgrep"), not the Python
wrapper: on the same rules and files both report the same findings, but the
wrapper hashes every match's source lines in pure Python, which took 38 s where
osemgrep took 3 s on three one-line 1-3 MB obfuscated setup.py files - and
that is the shape of packed malware. osemgrep writes its JSON to stdout.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from ..rule_metadata import dump_yaml, rule_file_rules

EVIDENCE_MAX_CHARS = 400


class SemgrepError(Exception):
    """Semgrep could not run or its rules are invalid: the whole scan cannot be trusted."""


class BudgetExceeded(Exception):
    """A Semgrep run outlived its wall-clock budget and was killed."""

    def __init__(self, budget: float | None) -> None:
        super().__init__(f"Semgrep stopped after {budget:g} s")
        self.budget = budget


@dataclass(frozen=True)
class SemgrepHit:
    rule_id: str
    path: str  # as Semgrep printed it: relative to the working directory
    line: int
    end_line: int
    start_offset: int
    end_offset: int
    message: str
    severity: str


@dataclass(frozen=True)
class SemgrepFileError:
    path: str
    reason: str
    unfinished: bool = False  # Semgrep gave up on the file (timeout, memory, killed), not a deliberate skip


# Semgrep's OCaml core allocates hard while matching: a 32 MB minor heap (4M words, the default
# is 256K) took 5-9 % off its CPU time on 80 benign modules (4.4 MB) for about 75 MB more memory
# per process. A user's own OCAMLRUNPARAM wins.
OCAML_GC = "s=4M"


def semgrep_env() -> dict[str, str]:
    """The environment of every Semgrep process antivenom starts: offline, no metrics."""
    env = dict(os.environ, SEMGREP_ENABLE_VERSION_CHECK="0", SEMGREP_SEND_METRICS="off")
    env.setdefault("OCAMLRUNPARAM", OCAML_GC)
    return env


def semgrep_command() -> list[str]:
    """The semgrep executable installed with antivenom, else the one on PATH."""
    beside = Path(sys.executable).parent / "semgrep"
    if beside.exists():
        return [str(beside)]
    found = shutil.which("semgrep")
    if found is None:
        raise SemgrepError("semgrep is not installed (pip install semgrep)")
    return [found]


def load_rules(rule_files: list[Path]) -> list[dict]:
    """Every rule of every file, read once: merged into one config and searched for includes."""
    rules = []
    for path in rule_files:
        rules.extend(rule_file_rules(path))
    return rules


def generic_includes(rules: list[dict]) -> list[str]:
    """The `paths.include` globs of generic-language rules: the non-Python files Semgrep reads."""
    return [glob for rule in rules if "generic" in rule.get("languages", [])
            for glob in (rule.get("paths") or {}).get("include", [])]


def merged_config(rules: list[dict]) -> str:
    """Every rule in one YAML document, ids unchanged."""
    return dump_yaml({"rules": rules})


def build_command(
    config: Path,
    targets: list[str],
    jobs: int,
    timeout: float,
    max_target_bytes: int,
    timeout_threshold: int = 3,
) -> list[str]:
    return [
        *semgrep_command(),
        "scan",
        "--experimental",
        "--config", str(config),
        "--json",  # to stdout, which SemgrepRun sends to its output file
        "--metrics=off",
        "--disable-version-check",
        "--quiet",
        # Hostile packages put payloads where Semgrep looks away by default.
        "--x-ignore-semgrepignore-files",
        "--no-git-ignore",
        "--disable-nosem",
        "--max-target-bytes", str(max_target_bytes),
        "--timeout", str(max(1, round(timeout))),
        "--timeout-threshold", str(timeout_threshold),
        "--jobs", str(jobs),
        *targets,
    ]


class SemgrepRun:
    """A Semgrep process started in the background, so YARA can run meanwhile."""

    def __init__(self, command: list[str], cwd: Path, output: Path) -> None:
        env = semgrep_env()
        self.command = command
        self.output = output
        self.started = time.monotonic()
        with output.open("wb") as sink:
            self.process = subprocess.Popen(
                command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=sink, stderr=subprocess.PIPE,
            )

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def wait(self, budget: float | None = None) -> tuple[list[SemgrepHit], list[SemgrepFileError]]:
        """Hits and per-file errors; `budget` seconds after the start the process is killed
        (BudgetExceeded)."""
        left = None if budget is None else max(0.0, budget - (time.monotonic() - self.started))
        try:
            _, stderr = self.process.communicate(timeout=left)
        except BaseException as exc:
            self.kill()  # out of budget or interrupted: never leave Semgrep on a tree about to vanish
            if isinstance(exc, subprocess.TimeoutExpired):
                raise BudgetExceeded(budget) from None
            raise
        try:
            data = json.loads(self.output.read_bytes().decode("utf-8", "replace"))
        except (OSError, json.JSONDecodeError) as exc:
            tail = stderr.decode("utf-8", "replace")[-2000:]
            raise SemgrepError(f"semgrep exited {self.process.returncode} without JSON output: {tail}") from exc
        return parse_output(data)


@dataclass
class SemgrepJob:
    """One Semgrep process's worth of work, and what became of it."""

    command: list[str]
    output: Path
    budget: float | None = None  # wall-clock seconds from its start; past it the run is killed
    tag: object = None  # the caller's, e.g. the files the run reads
    result: tuple[list[SemgrepHit], list[SemgrepFileError]] | None = None
    error: BaseException | None = None  # BudgetExceeded, SemgrepError, ...


@dataclass
class SemgrepPool:
    """Semgrep over a chunk's parts, at most `slots` processes at once. Each slot starts the
    next waiting job the moment its run ends, so a part that happens to hold the slow files
    does not leave the other cores idle (parts of equal bytes are not of equal cost)."""

    jobs: list[SemgrepJob]
    cwd: Path
    slots: int
    _waiting: deque = field(default_factory=deque)
    _running: set = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _stopped: bool = False
    _threads: list[threading.Thread] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._waiting.extend(self.jobs)
        self._threads = [threading.Thread(target=self._slot, daemon=True)
                         for _ in range(min(max(1, self.slots), len(self.jobs)))]
        for thread in self._threads:
            thread.start()

    def _slot(self) -> None:
        while True:
            with self._lock:
                if self._stopped or not self._waiting:
                    return
                job = self._waiting.popleft()
                try:
                    run = SemgrepRun(job.command, self.cwd, job.output)
                except BaseException as exc:  # semgrep missing, no more processes...
                    job.error = exc
                    continue
                self._running.add(run)
            try:
                job.result = run.wait(job.budget)
            except BaseException as exc:
                job.error = exc
            finally:
                with self._lock:
                    self._running.discard(run)

    def wait(self) -> list[SemgrepJob]:
        """Every job, once all have run (each with its result or its error)."""
        for thread in self._threads:
            thread.join()
        return self.jobs

    def kill(self) -> None:
        """Start no more jobs and stop the running ones."""
        with self._lock:
            self._stopped = True
            running = list(self._running)
        for run in running:
            run.kill()
        for thread in self._threads:
            thread.join()


def _gave_up(error_type: str) -> bool:
    """A Semgrep error type that means rules did not run to the end on the file (a parse error
    does not: Semgrep still matches what it parsed, and the line tier reads the file too)."""
    lowered = error_type.lower()
    return any(word in lowered for word in ("timeout", "memory", "overflow", "fatal"))


def parse_output(data: dict) -> tuple[list[SemgrepHit], list[SemgrepFileError]]:
    hits = []
    for result in data.get("results", []):
        extra = result.get("extra", {})
        hits.append(
            SemgrepHit(
                # check_id is prefixed with the rule folder's dotted path; ids have no dots.
                rule_id=result["check_id"].rsplit(".", 1)[-1],
                path=result["path"],
                line=result["start"]["line"],
                end_line=result["end"]["line"],
                start_offset=result["start"]["offset"],
                end_offset=result["end"]["offset"],
                message=extra.get("message", ""),
                severity=extra.get("severity", "WARNING"),
            )
        )
    file_errors = []
    for error in data.get("errors", []):
        path = error.get("path") or (error.get("spans") or [{}])[0].get("file")
        if not path:
            if error.get("level") == "error":
                raise SemgrepError(f"semgrep: {error.get('type')}: {error.get('message', '')[:2000]}")
            continue
        reason = error.get("type")
        if isinstance(reason, list):
            reason = reason[0]
        file_errors.append(SemgrepFileError(path, f"semgrep {reason}: {str(error.get('message', ''))[:300]}",
                                            _gave_up(str(reason))))
    return hits, file_errors


def evidence(data: bytes, start: int, end: int) -> str:
    """The matched text: Semgrep OSS prints "requires login" instead, so cut it by byte offsets."""
    chunk = data[start:start + min(max(end - start, 0), EVIDENCE_MAX_CHARS * 4)]
    text = chunk.decode("utf-8", "replace").strip()
    return text if len(text) <= EVIDENCE_MAX_CHARS else text[:EVIDENCE_MAX_CHARS] + " …"
