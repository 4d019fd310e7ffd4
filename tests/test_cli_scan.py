"""`antivenom scan`: exit statuses, --output, options reaching the scanner, the progress bar.

Exit-status logic is checked over every verdict with the scan stubbed out (no Semgrep);
the shared real runs (conftest) then show the same statuses end to end.
"""

from __future__ import annotations

import json
from types import SimpleNamespace

import avkit
import pytest
from antivenom import cli
from antivenom.engines.semgrep_process import SemgrepError
from antivenom.model import Package
from antivenom.sources import resolve
from click.testing import CliRunner


def _run(args: list[str], **kwargs):
    with avkit.keep_sigterm():
        return CliRunner().invoke(cli.main, args, **kwargs)


# -- usage errors: exit 2, no scan ------------------------------------------------------------


@pytest.fixture
def no_scan(monkeypatch):
    """Fail the test if a usage error still reaches the scan."""
    def refuse(*_args, **_kwargs):
        raise AssertionError("a usage error must stop before scanning")

    monkeypatch.setattr(cli, "run_scan", refuse)


@pytest.mark.parametrize("args,message", [
    (["scan"], "name at least one TARGET or -r REQUIREMENTS"),
    (["scan", ".", "--bogus"], "No such option"),
    (["scan", ".", "--format", "xml"], "Invalid value for '--format'"),
    (["scan", ".", "--fail-on", "sometimes"], "Invalid value for '--fail-on'"),
    (["scan", ".", "--chunk-size", "0"], "Invalid value for '--chunk-size'"),
    (["scan", ".", "--max-members", "0"], "Invalid value for '--max-members'"),
    (["scan", ".", "--jobs", "zero"], "Invalid value for '--jobs'"),
    (["scan", "-r", "does-not-exist.txt"], "does not exist"),
    (["frobnicate"], "No such command"),
])
def test_usage_errors_exit_2(no_scan, args, message):
    result = _run(args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr


def test_run_errors_exit_2(monkeypatch):
    def broken(*_args, **_kwargs):
        raise SemgrepError("semgrep exited 7 without JSON output")

    monkeypatch.setattr(cli, "run_scan", broken)
    result = _run(["scan", "."])
    assert result.exit_code == 2
    assert "antivenom: error: semgrep exited 7" in result.stderr


# -- exit statuses over every verdict (scan stubbed) ---------------------------------------------


@pytest.fixture
def fake_scan(monkeypatch):
    """Make `scan` report packages with the verdicts a test sets; records what it was given."""
    state = SimpleNamespace(verdicts=[], calls=[])

    def run_scan(targets, requirement_files, index_url, options, progress, download_dir=None, cluster=None,
                 resume=None):
        state.calls.append(SimpleNamespace(targets=targets, requirement_files=requirement_files,
                                           index_url=index_url, options=options, progress=progress,
                                           cluster=cluster, resume=resume))
        packages = [Package(target=f"t{i}", name=f"p{i}", version="1", verdict=v,
                            error="unreadable" if v == "error" else None) for i, v in enumerate(state.verdicts)]
        return packages, SimpleNamespace(rules={})

    monkeypatch.setattr(cli, "run_scan", run_scan)
    return state


@pytest.mark.parametrize("verdicts,options,expected", [
    (["clean"], [], 0),
    (["clean", "suspicious"], [], 0),  # default --fail-on malicious
    (["clean", "suspicious"], ["--fail-on", "suspicious"], 1),
    (["clean"], ["--fail-on", "suspicious"], 0),
    (["malicious"], [], 1),
    (["clean", "malicious"], ["--fail-on", "suspicious"], 1),
    (["malicious"], ["--exit-zero"], 0),
    (["malicious"], ["--fail-on", "never"], 0),
    (["malicious", "suspicious"], ["--fail-on", "error"], 0),
    # An unreadable package is never a pass (README: clean < suspicious < malicious < error).
    (["clean", "error"], [], 1),
    (["error"], ["--fail-on", "error"], 1),
    (["error"], ["--fail-on", "never"], 0),
    (["error"], ["--exit-zero"], 0),
])
def test_exit_status(fake_scan, verdicts, options, expected):
    fake_scan.verdicts = verdicts
    result = _run(["scan", "x", *options])
    assert result.exit_code == expected, result.output


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_output_file_instead_of_stdout(fake_scan, tmp_path, fmt):
    fake_scan.verdicts = ["clean", "malicious"]
    output = tmp_path / f"report.{fmt}"
    result = _run(["scan", "x", "--format", fmt, "--output", str(output)])
    assert result.exit_code == 1
    assert result.stdout == ""
    text = output.read_text()
    if fmt == "text":
        assert "MALICIOUS" in text and "2 package(s)" in text
    else:
        assert json.loads(text)  # a complete JSON document


def test_options_reach_the_scan(fake_scan, tmp_path):
    requirements = tmp_path / "req.txt"
    requirements.write_text("x\n")
    result = _run(["scan", "a", "pypi:b", "-r", str(requirements), "--index-url", "http://127.0.0.1:1/simple",
                   "--jobs", "3", "--chunk-size", "20", "--max-file-mb", "0.5", "--max-member-mb", "2",
                   "--max-total-mb", "8", "--max-members", "99", "-q"])
    assert result.exit_code == 0, result.output
    (call,) = fake_scan.calls
    assert call.targets == ["a", "pypi:b"] and [p.name for p in call.requirement_files] == ["req.txt"]
    assert call.index_url == "http://127.0.0.1:1/simple"
    options = call.options
    assert (options.jobs, options.chunk_size, options.max_file_bytes) == (3, 20, avkit.MB // 2)
    assert (options.limits.max_member_bytes, options.limits.max_total_bytes, options.limits.max_members) == (
        2 * avkit.MB, 8 * avkit.MB, 99)


# -- the progress bar: stderr, >= 4 packages, a terminal, never with --quiet ---------------------------


class _TtyStream:
    def __init__(self, stream) -> None:
        self._stream = stream

    def isatty(self) -> bool:
        return True

    def __getattr__(self, name):
        return getattr(self._stream, name)


class _SysWithTtyStderr:
    """cli.py's `sys`, but stderr claims to be a terminal (CliRunner's streams are not)."""

    def __init__(self, real) -> None:
        self._real = real

    @property
    def stderr(self):
        return _TtyStream(self._real.stderr)

    def __getattr__(self, name):
        return getattr(self._real, name)


@pytest.mark.parametrize("tty,quiet,expected", [(False, False, False), (True, False, True), (True, True, False),
                                                 (False, True, False)])
def test_progress_only_on_a_terminal_and_never_quiet(fake_scan, monkeypatch, tty, quiet, expected):
    import sys

    if tty:
        monkeypatch.setattr(cli, "sys", _SysWithTtyStderr(sys))
    fake_scan.verdicts = ["clean"]
    result = _run(["scan", "x", *(["--quiet"] if quiet else [])])
    assert result.exit_code == 0, result.output
    assert fake_scan.calls[0].progress is expected


class _FakeScanner:
    def __init__(self, options) -> None:
        self.rules = {}

    def scan(self, packages, on_done=None):
        for package in packages:
            if on_done:
                on_done(package)
        return packages


@pytest.mark.parametrize("count,progress,shown", [(4, True, True), (3, True, False), (12, False, False)])
def test_progress_bar_needs_four_packages(monkeypatch, capsys, tmp_path, count, progress, shown):
    monkeypatch.setattr(cli, "Scanner", _FakeScanner)
    targets = [str(avkit.write_tree(tmp_path / f"p{i}", {"setup.py": ""})) for i in range(count)]
    packages, _ = cli.run_scan(targets, [], "http://127.0.0.1:1/simple", cli.ScanOptions(), progress)
    captured = capsys.readouterr()
    assert len(packages) == count
    assert captured.out == ""  # never on stdout, where the report goes
    assert ("scanning" in captured.err) is shown


def test_no_progress_bar_in_a_real_batch(batch_run):
    # ~45 packages, but CliRunner's stderr is not a terminal: nothing on stderr at all.
    assert len(batch_run.report["packages"]) >= 40
    assert batch_run.stderr == ""


# -- end to end, on the shared runs ------------------------------------------------------------------


def test_batch_exit_1_and_report_written_to_output(batch_run):
    assert batch_run.exit_code == 1  # malicious packages in the batch
    assert batch_run.stdout == ""  # --output: nothing on stdout
    assert batch_run.report["verdict"] == "error"  # the worst verdict: clean < suspicious < malicious < error
    assert batch_run.report["summary"]["malicious"] >= 10


def test_exit_zero_end_to_end(sarif_run):
    assert sarif_run.exit_code == 0
    assert json.loads(sarif_run.stdout)["runs"][0]["results"]  # findings were there


def test_default_fail_on_end_to_end(text_run):
    assert text_run.exit_code == 1
    assert "MALICIOUS" in text_run.stdout


def test_unreadable_only_batch_end_to_end(workspace, tmp_path):
    """No package is readable, so no Semgrep process starts; the statuses follow --fail-on."""
    target = workspace.hostile_target("tar-symlink")
    default = avkit.invoke(["scan", target, "forms/does-not-exist"], workspace.base, tmp_path / "a")
    assert default.exit_code == 1 and default.semgrep_commands == []
    assert default.stdout.count("ERROR") == 2 and "link in archive" in default.stdout
    never = avkit.invoke(["scan", target, "--fail-on", "never"], workspace.base, tmp_path / "b")
    assert never.exit_code == 0
    assert default.leftovers == never.leftovers == []


def test_resolve_keeps_the_order_named(tmp_path):
    dirs = [str(avkit.write_tree(tmp_path / name, {"setup.py": ""})) for name in ("c", "a", "b")]
    assert [p.target for p in resolve(dirs, [])] == dirs
