"""examples/github-workflow.yml and action.yml: the scan produces SARIF, code scanning gets it
(with the permission it needs), the job fails after the upload, and inputs reach the scan.

Shell steps are run here with a stand-in `antivenom` that records its arguments: no GitHub
runner needed, no scan (the scan itself is tested elsewhere)."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
WORKFLOW = yaml.safe_load((REPO / "examples" / "github-workflow.yml").read_text())
ACTION = yaml.safe_load((REPO / "action.yml").read_text())
UPLOAD = "github/codeql-action/upload-sarif@"
_EXPRESSION = re.compile(r"\$\{\{\s*([^}]+?)\s*\}\}")

STUB = """\
#!/bin/sh
# stand-in antivenom: record argv, write the --output file, exit with $STUB_STATUS
printf '%s\\n' "$@" > "$STUB_ARGS"
out=""; prev=""
for arg in "$@"; do [ "$prev" = "--output" ] && out="$arg"; prev="$arg"; done
[ -n "$out" ] && printf '{"version": "2.1.0", "runs": []}\\n' > "$out"
exit "${STUB_STATUS:-0}"
"""


def _bin(tmp_path: Path) -> Path:
    stub = tmp_path / "bin" / "antivenom"
    stub.parent.mkdir(exist_ok=True)
    stub.write_text(STUB)
    stub.chmod(0o755)
    return stub.parent


def _run_step(script: str, env: dict[str, str], cwd: Path, stub_status: int) -> tuple[int, dict[str, str], list[str]]:
    """Run a `shell: bash` step as the runner does (bash -eo pipefail); return status, outputs, stub argv."""
    (cwd / "_step.sh").write_text(script)
    outputs, args = cwd / "_github_output", cwd / "_stub_args"
    outputs.write_text("")
    full_env = {"PATH": f"{_bin(cwd)}{os.pathsep}{os.environ['PATH']}", "GITHUB_OUTPUT": str(outputs),
                "STUB_ARGS": str(args), "STUB_STATUS": str(stub_status), **env}
    completed = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(cwd / "_step.sh")],
                               cwd=cwd, env=full_env, capture_output=True, text=True, check=False)
    parsed = dict(line.split("=", 1) for line in outputs.read_text().splitlines() if "=" in line)
    return completed.returncode, parsed, args.read_text().splitlines() if args.exists() else []


def _workflow_job() -> dict:
    return WORKFLOW["jobs"]["dependencies"]


def _permissions(job: dict) -> dict:
    return job.get("permissions", WORKFLOW.get("permissions", {}))


# -- the example workflow -------------------------------------------------------

def test_workflow_triggers_and_jobs() -> None:
    triggers = WORKFLOW.get("on", WORKFLOW.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "pull_request" in triggers and "push" in triggers
    assert WORKFLOW["permissions"] == {"contents": "read"}, "least privilege by default"


@pytest.mark.parametrize("job_id", ["dependencies", "vendored"])
def test_each_job_uploads_the_sarif_it_wrote(job_id: str) -> None:
    job = WORKFLOW["jobs"][job_id]
    assert _permissions(job).get("security-events") == "write"
    steps = job["steps"]
    writers = [i for i, s in enumerate(steps) if "run" in s and (
        re.search(r"\bantivenom scan\b.*--format sarif", s["run"], re.S)
        or re.search(r"\bsemgrep scan\b.*--sarif-output", s["run"], re.S))]
    assert len(writers) == 1, job_id
    run = steps[writers[0]]["run"]
    written = re.search(r"(?:--output|-o|--sarif-output)[= ](\S+)", run)
    assert written, run
    uploads = [i for i, s in enumerate(steps) if s.get("uses", "").startswith(UPLOAD)]
    assert len(uploads) == 1 and uploads[0] > writers[0]
    upload = steps[uploads[0]]
    assert upload["with"]["sarif_file"] == written.group(1)
    assert "always()" in upload.get("if", ""), "upload the findings even when the scan step fails the job"
    assert upload["with"].get("category"), "two jobs upload: each needs its own category"


def test_semgrep_job_runs_the_pack_from_the_installed_rules() -> None:
    run = next(s["run"] for s in WORKFLOW["jobs"]["vendored"]["steps"] if "semgrep scan" in s.get("run", ""))
    assert '--config "$(antivenom rules path)/antivenom.semgrep.yaml"' in run
    assert "--no-rewrite-rule-ids" in run, "rule ids must not carry the install path"
    assert "--severity ERROR --severity WARNING" in run, "ERROR alone misses 10 of the 33 malicious samples"
    assert "--error" in run and "--metrics=off" in run and "--disable-nosem" in run


def test_actions_are_pinned_and_runs_take_no_expressions() -> None:
    for job in WORKFLOW["jobs"].values():
        for step in job["steps"]:
            if "uses" in step:
                assert re.search(r"@(v\d+|[0-9a-f]{40})$", step["uses"]), step["uses"]
            # Expressions pasted into a script are an injection path; values go through env.
            assert not _EXPRESSION.search(step.get("run", "")), step.get("name")


@pytest.mark.parametrize(("scan_status", "fail_step_status"), [(1, 1), (0, None)])
def test_workflow_fails_after_the_upload_with_the_scan_status(tmp_path: Path, scan_status: int,
                                                              fail_step_status: int | None) -> None:
    steps = _workflow_job()["steps"]
    scan = next(s for s in steps if s.get("id") == "scan")
    status, outputs, argv = _run_step(scan["run"], {}, tmp_path, scan_status)
    assert status == 0, "the scan step must not stop the job before the upload"
    assert outputs["status"] == str(scan_status)
    assert argv[0] == "scan" and "-r" in argv and argv[argv.index("--format") + 1] == "sarif"
    assert (tmp_path / "antivenom.sarif").is_file()

    fail = steps[-1]
    assert "steps.scan.outputs.status" in fail["if"]
    runs = outputs["status"] != "0"  # the step's `if`
    assert runs is (fail_step_status is not None)
    if runs:
        env = {k: _EXPRESSION.sub(outputs["status"], v) for k, v in fail["env"].items()}
        assert _run_step(fail["run"], env, tmp_path, 0)[0] == fail_step_status


# -- the composite action -------------------------------------------------------

def _action_step(step_id_or_name: str) -> dict:
    return next(s for s in ACTION["runs"]["steps"] if step_id_or_name in (s.get("id"), s.get("name")))


def _resolve(value: str, inputs: dict[str, str], cwd: Path = REPO) -> str:
    def substitute(match: re.Match) -> str:
        expression = match.group(1)
        if expression.startswith("inputs."):
            return inputs[expression[len("inputs."):]]
        if expression == "steps.install.outputs.antivenom":  # the stand-in, by absolute path as on a runner
            return str(cwd / "bin" / "antivenom")
        assert expression == "github.action_path", expression
        return str(REPO)
    return _EXPRESSION.sub(substitute, value)


def _inputs(**overrides: str) -> dict[str, str]:
    values = {name: str(spec.get("default", "")) for name, spec in ACTION["inputs"].items()}
    values.update({k.replace("_", "-"): v for k, v in overrides.items()})
    return values


def test_action_is_composite_and_every_input_is_used() -> None:
    assert ACTION["runs"]["using"] == "composite"
    steps_text = yaml.safe_dump(ACTION["runs"]["steps"])
    used = set(re.findall(r"\binputs\.([\w-]+)", steps_text))
    declared = set(ACTION["inputs"])
    assert {"targets", "format", "fail-on"} <= declared
    assert used == declared, f"unused: {declared - used}, undeclared: {used - declared}"
    step_ids = {s.get("id") for s in ACTION["runs"]["steps"]}
    for output in ACTION["outputs"].values():
        assert re.fullmatch(r"\$\{\{ steps\.([\w-]+)\.outputs\.[\w-]+ \}\}", output["value"])
        assert re.search(r"steps\.([\w-]+)\.", output["value"]).group(1) in step_ids
    for step in ACTION["runs"]["steps"]:
        assert not _EXPRESSION.search(step.get("run", "")), f"{step['name']}: inputs must go through env"
        if "run" in step:
            assert step["shell"] == "bash"


def test_action_installs_with_pip_from_its_own_checkout() -> None:
    install = _action_step("Install antivenom")
    assert "pip install" in install["run"] and '"$ACTION_PATH"' in install["run"]
    assert install["env"]["ACTION_PATH"] == "${{ github.action_path }}"
    assert "GITHUB_PATH" not in install["run"], "antivenom's virtualenv must not shadow the user's tools"
    assert "antivenom=$venv/bin/antivenom" in install["run"] and "GITHUB_OUTPUT" in install["run"]
    scan = _action_step("scan")
    assert scan["env"]["ANTIVENOM"] == "${{ steps.install.outputs.antivenom }}"
    assert '"$ANTIVENOM" scan' in scan["run"] and not re.search(r"^\s*antivenom ", scan["run"], re.M)


def test_action_uploads_sarif_then_fails_with_the_scan_status(tmp_path: Path) -> None:
    steps = ACTION["runs"]["steps"]
    names = [s.get("uses", "").split("@")[0] or s.get("id") or s["name"] for s in steps]
    upload_at = names.index(UPLOAD.rstrip("@"))
    upload = steps[upload_at]
    assert names.index("scan") < upload_at < len(steps) - 1
    assert upload["with"]["sarif_file"] == "${{ steps.scan.outputs.sarif }}"
    assert upload["with"]["category"] == "${{ inputs.category }}"
    assert "always()" in upload["if"] and "inputs.upload-sarif" in upload["if"]
    fail = steps[-1]
    assert "steps.scan.outputs.exit-code" in fail["if"]
    assert _run_step(fail["run"], {"STATUS": "1"}, tmp_path, 0)[0] == 1


def _scan(tmp_path: Path, stub_status: int = 0, **inputs: str) -> tuple[int, dict[str, str], list[str]]:
    step = _action_step("scan")
    env = {key: _resolve(value, _inputs(**inputs), tmp_path) for key, value in step["env"].items()}
    return _run_step(step["run"], env, tmp_path, stub_status)


def test_action_scan_defaults(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("six==1.16.0\n")
    status, outputs, argv = _scan(tmp_path, stub_status=1)
    assert status == 0, "the step records the status; the last step fails the job after the upload"
    assert argv == ["scan", "--format", "sarif", "--fail-on", "malicious", "--output", "antivenom.sarif",
                    "--", "requirements.txt"]
    assert outputs == {"report": "antivenom.sarif", "exit-code": "1", "sarif": "antivenom.sarif"}


def test_action_scan_passes_every_input(tmp_path: Path) -> None:
    (tmp_path / "reqs").mkdir()
    for name in ("base.txt", "dev.txt"):
        (tmp_path / "reqs" / name).write_text("six\n")
    (tmp_path / "ignore.yaml").write_text("ignore: []\n")
    status, outputs, argv = _scan(
        tmp_path, targets="reqs/*.txt pypi:six==1.16.0", format="json", fail_on="suspicious",
        output="out/report.json", ignore_file="ignore.yaml", index_url="https://mirror.example.invalid/simple")
    assert status == 0
    assert argv == ["scan", "--format", "json", "--fail-on", "suspicious", "--output", "out/report.json",
                    "--ignore-file", "ignore.yaml", "--index-url", "https://mirror.example.invalid/simple",
                    "--", "reqs/base.txt", "reqs/dev.txt", "pypi:six==1.16.0"]
    assert outputs == {"report": "out/report.json", "exit-code": "0"}, "no SARIF upload for a JSON report"
    assert (tmp_path / "out" / "report.json").is_file(), "the report's folder is created"


def test_action_scan_missing_target_is_an_error_not_a_pass(tmp_path: Path) -> None:
    status, outputs, argv = _scan(tmp_path, targets="requirments.txt")
    assert status == 0
    assert outputs["exit-code"] == "2"
    assert argv == [], "antivenom is not run on a misspelt target"
