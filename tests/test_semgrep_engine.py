"""Semgrep as the runner drives it: one process per chunk of packages, and none of Semgrep's
default skips (tests/, vendor/, build/, git-ignored, .semgrepignore, > 1 MB, minified,
`# nosemgrep`, extensionless scripts) hides a payload."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import avkit
import pytest
from antivenom.content import ContentStore
from antivenom.engines import semgrep as semgrep_runs
from antivenom.engines import semgrep_process as semgrep_engine
from antivenom.engines.semgrep_process import (
    BudgetExceeded,
    SemgrepError,
    SemgrepFileError,
    SemgrepJob,
    SemgrepPool,
    build_command,
    evidence,
    parse_output,
)
from antivenom.scanner import Scanner, ScanOptions
from antivenom.sources import resolve


def test_build_command_switches_every_default_skip_off():
    command = build_command(Path("rules.yaml"), ["/view/small"], 2, 30, 5_000_000)
    for flag in ("--x-ignore-semgrepignore-files", "--no-git-ignore", "--disable-nosem",
                 "--metrics=off", "--disable-version-check"):
        assert flag in command
    assert command[command.index("--max-target-bytes") + 1] == "5000000"
    assert "--exclude-minified-files" not in command
    assert "--experimental" in command  # osemgrep: no pure-Python pass over matched lines
    assert command[-1] == "/view/small"


# -- the default skips, proven on the shared batch -------------------------------------------------------


@pytest.mark.parametrize("package,path,line", [
    (package, path, line) for package, cases in avkit.SKIP_CASES.items() for path, line in cases.items()
])
def test_payload_found_where_semgrep_looks_away_by_default(batch_run, workspace, package, path, line):
    report = batch_run.package(workspace.skips[package])
    hits = [f for f in report["findings"] if f["rule_id"] == avkit.PAYLOAD_RULE and f["path"] == path]
    assert [f["line"] for f in hits] == [line], sorted({f["path"] for f in report["findings"]})
    assert hits[0]["suppressed"] is None  # `# nosemgrep` written by the package author is not honoured
    assert "b64decode" in hits[0]["evidence"]
    assert report["skipped"] == []


def test_semgrep_reads_a_view_not_the_packages(batch_run):
    """Every run reads the chunk's view (semgrep_view.py), never the extracted packages: one
    single-job main run per part up to the large-file size, the large run up to the file-size cap."""
    targets = [run[-1].rsplit("semgrep-view/", 1)[-1] for run in batch_run.semgrep_commands]
    main_runs = [run for run, target in zip(batch_run.semgrep_commands, targets, strict=True) if "small" in target]
    (large_run,) = [run for run, target in zip(batch_run.semgrep_commands, targets, strict=True) if "large" in target]
    # one large file; parts are numbered
    assert [t.split("/")[0] for t in sorted(targets)] == ["large", *["small"] * len(main_runs)]
    assert all(re.fullmatch(r"(large|small)/[0-9]+", t) for t in targets), targets
    assert 1 <= len(main_runs) <= 2 * ScanOptions().jobs
    for run in [*main_runs, large_run]:
        assert run[run.index("--jobs") + 1] == "1"  # parts run as processes, not as Semgrep's jobs
    for run in main_runs:
        assert run[run.index("--max-target-bytes") + 1] == str(ScanOptions().semgrep_large_file_bytes)
    assert int(large_run[large_run.index("--max-target-bytes") + 1]) == ScanOptions().max_file_bytes


def test_a_large_file_past_its_budget_is_reported_and_the_rest_still_scanned(tmp_path, monkeypatch):
    padding = "x = 1\n" * 120_000  # ~720 KB: over the large-file size
    root = avkit.write_tree(tmp_path / "pkg", {"setup.py": "", "pkg/huge.py": padding + avkit.PAYLOAD,
                                                "pkg/small.py": avkit.PAYLOAD})
    started = avkit.spy_semgrep(monkeypatch)
    scanner = Scanner(ScanOptions(jobs=1, semgrep_large_budget=0.001, semgrep_large_budget_per_file=0.0))
    (package,) = scanner.scan(resolve([str(root)], []))
    # one large-file run; main runs per rule group (prefilter.py: setup.py needs other rules)
    assert sum("/large/" in command[-1] for command in started) == 1
    assert [(f.path, f.line) for f in package.findings if f.rule_id == avkit.PAYLOAD_RULE] == [
        ("pkg/small.py", avkit.PAYLOAD_LINENO)]
    (skip,) = [s for s in package.skipped if s.path == "pkg/huge.py"]
    assert "Semgrep stopped after 0.001 s" in skip.reason and "YARA only" in skip.reason
    assert package.verdict == "malicious"


def test_a_file_a_rule_ran_out_of_time_on_is_retried_alone_with_a_longer_timeout(tmp_path, monkeypatch):
    """Semgrep's per-rule timeout is wall-clock, so a busy machine alone can fire it: the file
    runs again, alone, with RETRY_TIMEOUT_FACTOR times the timeout, and what that run finds
    replaces the first run's - the package is complete, its findings those of a quiet run."""
    root = avkit.write_tree(tmp_path / "pkg", {"setup.py": "", "pkg/slow.py": avkit.PAYLOAD,
                                                "pkg/other.py": avkit.PAYLOAD})
    first_runs = semgrep_runs._SemgrepRun._outputs

    def busy_machine(self):  # the first runs time out on slow.py: its hits lost, a Timeout instead
        hits, errors = first_runs(self)
        (slow,) = [entry for entry in self.view.keys if entry.name == "slow.py"]
        hits = [h for h in hits if self.view.key_of(h.path, self.store.work) != self.view.keys[slow]]
        timeout = SemgrepFileError(str(slow), "semgrep Timeout: Timeout when running r on slow.py", unfinished=True)
        return hits, [*errors, timeout]

    monkeypatch.setattr(semgrep_runs._SemgrepRun, "_outputs", busy_machine)
    started = avkit.spy_semgrep(monkeypatch)
    (package,) = Scanner(ScanOptions(jobs=1, semgrep_timeout=2)).scan(resolve([str(root)], []))
    (retry,) = [command for command in started if "/retry/" in command[-1]]
    assert retry[retry.index("--timeout") + 1] == str(2 * semgrep_runs.RETRY_TIMEOUT_FACTOR)
    assert retry[retry.index("--timeout-threshold") + 1] == "1"
    assert not package.incomplete and not package.skipped
    found = sorted((f.path, f.line) for f in package.findings if f.rule_id == avkit.PAYLOAD_RULE)
    assert found == [("pkg/other.py", avkit.PAYLOAD_LINENO), ("pkg/slow.py", avkit.PAYLOAD_LINENO)]


def test_a_200_mb_python_file_is_reported_skipped_and_never_read(tmp_path, monkeypatch):
    """A size cap, not a timeout: the file is left out before either engine opens it."""
    root = avkit.write_tree(tmp_path / "pkg", {"setup.py": "", "pkg/small.py": avkit.PAYLOAD})
    with (root / "pkg/huge.py").open("wb") as handle:
        handle.truncate(200 * avkit.MB)  # sparse: costs no disk
    opened: list[str] = []
    real_read = ContentStore.read  # every engine reads a file's bytes through the chunk's store
    monkeypatch.setattr(ContentStore, "read",
                        lambda store, path: opened.append(Path(path).name) or real_read(store, path))
    started = time.monotonic()
    (package,) = Scanner(ScanOptions(jobs=1)).scan(resolve([str(root)], []))
    assert time.monotonic() - started < 60
    assert [(s.path, s.reason) for s in package.skipped] == [
        ("pkg/huge.py", f"larger than {ScanOptions().max_file_bytes} bytes ({200 * avkit.MB})")]
    assert "huge.py" not in opened and "small.py" in opened
    assert {f.path for f in package.findings} == {"pkg/small.py"}
    assert avkit.PAYLOAD_RULE in {f.rule_id for f in package.findings}


def test_fixtures_really_trigger_the_default_skips(workspace, tmp_path):
    """Control: plain `semgrep scan` (its defaults) misses each of these payloads, so the
    test above proves the runner's overrides and not a fixture Semgrep reads anyway.
    (Minified files are scanned by this Semgrep's default, so that case is not here.)"""
    roots = [workspace.base / workspace.skips[name] for name in ("skipgit", "skipdirs")]
    cwd = tmp_path / "empty"
    cwd.mkdir()
    output = tmp_path / "plain.json"
    # The same Semgrep CLI as the runner's (osemgrep), with its own defaults.
    command = [*semgrep_engine.semgrep_command(), "scan", "--experimental", "--config", str(avkit.payload_rule_file()),
               "--metrics=off", "--disable-version-check", "--quiet", "--json", "--jobs", "1", *map(str, roots)]
    with output.open("wb") as sink:
        subprocess.run(command, cwd=cwd, env=dict(os.environ, SEMGREP_ENABLE_VERSION_CHECK="0"),
                       stdout=sink, stderr=subprocess.DEVNULL, timeout=300, check=False)
    found = {Path(r["path"]).relative_to(root).as_posix()
             for r in json.loads(output.read_text())["results"]
             for root in roots if Path(r["path"]).is_relative_to(root)}
    hidden = {path for cases in avkit.SKIP_CASES.values() for path in cases} - {"skipdirs/minified.py"}
    assert found & hidden == set()
    assert "skipdirs/minified.py" in found  # the rule does work on these files


# -- one Semgrep process per chunk --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fifty(tmp_path_factory) -> tuple[list[str], Path]:
    """40 directories and 10 sdists, each with the payload in its own file; and a one-rule config."""
    base = tmp_path_factory.mktemp("fifty")
    targets = []
    for i in range(50):
        code = {f"p{i}/mod{i}.py": avkit.PAYLOAD}
        if i % 5 == 4:
            targets.append(str(avkit.make_tar(base / f"p{i}-1.0.tar.gz", avkit.sdist_tree(f"p{i}", "1.0", code))))
        else:
            targets.append(str(avkit.write_tree(base / f"p{i}", {"setup.py": "", **code})))
    return targets, avkit.payload_rule_dir(base)


def test_a_few_semgrep_processes_for_a_whole_batch(batch_run, workspace):
    """The CLI batch: 50+ packages of every kind, full rule pack, one chunk: two parts of the
    view per core (semgrep_view.py), one process each, not one per package."""
    assert len(batch_run.report["packages"]) >= 50
    for target in workspace.many:
        assert batch_run.package(target)["verdict"] == "clean"
        assert batch_run.package(target)["files_scanned"] == 2
    # the parts of the whole batch, plus the run of the one large file (skipgit/big.py)
    # (one config: each rule selects the view folders that need it, engines/semgrep.py)
    assert len(batch_run.semgrep_commands) <= 2 * ScanOptions().jobs + 1
    configs = {command[command.index("--config") + 1] for command in batch_run.semgrep_commands}
    assert len(configs) == 1 and all(c.endswith(".yaml") for c in configs)


def test_semgrep_starts_once_per_chunk(fifty, monkeypatch):
    """50 packages with chunks of 20: three chunks of four parts (two per core), twelve
    processes, and every hit still reaches its own package. (Default chunk size 200 keeps a
    batch of 50 in one chunk: the test above.)"""
    targets, rules = fifty
    started = avkit.spy_semgrep(monkeypatch)
    scanner = Scanner(ScanOptions(jobs=2, chunk_size=20, semgrep_config=rules))
    packages = scanner.scan(resolve(targets, []))
    assert scanner.times.semgrep_processes == 12
    assert len(started) == 12
    # Every hit went back to its own package, whichever process found it.
    for i, package in enumerate(packages):
        hits = [(f.path, f.line) for f in package.findings if f.rule_id == avkit.PAYLOAD_RULE]
        assert hits == [(f"p{i}/mod{i}.py", avkit.PAYLOAD_LINENO)], (i, package.error, hits)
        assert package.verdict == "malicious"


def test_chunks_are_cut_by_archive_bytes_as_well_as_by_count(tmp_path):
    """Big packages make smaller chunks, so one Semgrep process never holds too much code."""
    from antivenom.model import Package
    from antivenom.scanner import _chunks

    packages = []
    for i, size in enumerate([40, 40, 40, 10, 10, 10, 10, 200]):
        archive = tmp_path / f"p{i}.tar.gz"
        archive.write_bytes(b"x" * size)
        packages.append(Package(target=str(archive), source=archive))
    sizes = [[p.source.stat().st_size for p in chunk] for chunk in _chunks(packages, 3, 100)]
    assert sizes == [[40, 40], [40, 10, 10], [10, 10], [200]]  # an oversized package is a chunk alone
    assert sum(len(c) for c in _chunks(packages, 200, 10**9)) == len(packages)


# -- parsing Semgrep's JSON, reading evidence ------------------------------------------------------------------


def test_parse_output_hits_and_file_errors():
    data = {
        "results": [{"check_id": "rules.code-execution.exec-decoded-payload", "path": "p/a.py",
                     "start": {"line": 3, "offset": 20}, "end": {"line": 3, "offset": 40},
                     "extra": {"message": "m", "severity": "ERROR", "lines": "requires login"}}],
        "errors": [
            {"level": "warn", "type": "Timeout", "path": "p/slow.py", "message": "timed out"},
            {"level": "warn", "type": ["PartialParsing", []], "spans": [{"file": "p/odd.py"}], "message": "x"},
            {"level": "warn", "type": "Other", "message": "no path, not fatal"},
        ],
    }
    hits, errors = parse_output(data)
    (hit,) = hits
    assert (hit.rule_id, hit.path, hit.line, hit.start_offset, hit.end_offset, hit.severity) == (
        "exec-decoded-payload", "p/a.py", 3, 20, 40, "ERROR")
    assert [(e.path, e.reason.split(":")[0]) for e in errors] == [
        ("p/slow.py", "semgrep Timeout"), ("p/odd.py", "semgrep PartialParsing")]


def test_a_fatal_semgrep_error_stops_the_scan():
    with pytest.raises(SemgrepError, match="InvalidRuleSchemaError"):
        parse_output({"results": [],
                      "errors": [{"level": "error", "type": "InvalidRuleSchemaError", "message": "bad"}]})


def test_evidence_is_read_by_byte_offsets(tmp_path):
    path = tmp_path / "a.py"
    path.write_bytes("x = 'é'\n".encode() + avkit.PAYLOAD.encode())
    data = path.read_bytes()
    start = data.index(b"base64.b64decode")
    end = data.index(b")", start) + 1
    assert evidence(data, start, end) == 'base64.b64decode("cGFzcw==")'
    assert evidence(b"", 0, 10) == ""
    long = evidence(("exec(" + "A" * 5000 + ")\n").encode(), 0, 5007)
    assert len(long) <= semgrep_engine.EVIDENCE_MAX_CHARS + 2 and long.endswith(" …")


# -- the pool of Semgrep processes -----------------------------------------------------------------------------


def _logging_job(tmp_path: Path, name: str, seconds: float, budget: float | None = None) -> SemgrepJob:
    """A stand-in for a Semgrep process: logs its start and end, sleeps, prints empty results."""
    log = tmp_path / "log"
    script = (f"import time\nwith open({str(log)!r}, 'a') as f: f.write('start {name}\\n')\n"
              f"time.sleep({seconds})\nwith open({str(log)!r}, 'a') as f: f.write('end {name}\\n')\nprint('{{}}')")
    # one process, as Semgrep is: killing it closes its pipes
    return SemgrepJob([sys.executable, "-c", script], tmp_path / f"{name}.json", budget)


def _most_at_once(log: Path) -> int:
    running = most = 0
    for line in log.read_text().splitlines():
        running += 1 if line.startswith("start") else -1
        most = max(most, running)
    return most


def test_the_pool_runs_every_job_but_never_more_than_its_slots_at_once(tmp_path):
    jobs = [_logging_job(tmp_path, f"j{i}", 0.3) for i in range(5)]
    done = SemgrepPool(jobs, tmp_path, slots=2).wait()
    assert [job.result for job in done] == [([], [])] * 5 and all(job.error is None for job in done)
    assert _most_at_once(tmp_path / "log") == 2


def test_a_job_past_its_budget_is_killed_and_the_others_still_run(tmp_path):
    jobs = [_logging_job(tmp_path, "slow", 30, budget=0.2), _logging_job(tmp_path, "quick", 0.1)]
    started = time.monotonic()
    slow, quick = SemgrepPool(jobs, tmp_path, slots=1).wait()
    assert time.monotonic() - started < 10
    assert isinstance(slow.error, BudgetExceeded) and slow.result is None
    assert quick.result == ([], []) and quick.error is None


def test_killing_the_pool_stops_its_runs_and_starts_no_more(tmp_path):
    jobs = [_logging_job(tmp_path, f"j{i}", 30) for i in range(3)]
    pool = SemgrepPool(jobs, tmp_path, slots=1)
    time.sleep(0.3)
    started = time.monotonic()
    pool.kill()
    assert time.monotonic() - started < 10
    assert (tmp_path / "log").read_text().split() == ["start", "j0"]  # j1 and j2 never started
    assert all(job.result is None for job in jobs)


def test_semgrep_gets_a_larger_minor_heap_unless_the_user_chose_one(monkeypatch):
    from antivenom.engines.semgrep_process import OCAML_GC, semgrep_env

    monkeypatch.delenv("OCAMLRUNPARAM", raising=False)
    assert semgrep_env()["OCAMLRUNPARAM"] == OCAML_GC
    monkeypatch.setenv("OCAMLRUNPARAM", "v=0x400")
    assert semgrep_env()["OCAMLRUNPARAM"] == "v=0x400"
