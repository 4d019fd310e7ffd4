"""Throughput of a scan of a folder of archives, shown against the cost of reading the bytes.

    python bench/throughput.py DIR [--batches 50,200,0] [--jobs 2] [--chunk-size 200]

DIR is a folder of archives (../shared/malregistry-dev, a mirror, the benign cache);
without DIR a synthetic set is generated. Reports, per batch size (0 = all):
packages/s, wall time, peak memory (of the largest process, and of the runner and
all its Semgrep processes together, sampled every 0.2 s), CPU seconds and how busy
the cores were, Semgrep processes, per-stage time, and the ratio to the FLOOR (the
time one process needs just to open every archive and read every member). A batch
smaller than the set is a seeded random sample of it. Each batch runs in a fresh
subprocess so its peak memory is its own.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import zipfile
from pathlib import Path

from antivenom.archives import is_archive


def archives_in(directory: Path) -> list[Path]:
    return sorted(p for p in directory.rglob("*") if p.is_file() and not p.is_symlink() and is_archive(p))


def floor_seconds(archives: list[Path]) -> tuple[float, int]:
    """Open every archive and read every member once, in one process: the cost of the bytes."""
    started = time.perf_counter()
    total = 0
    for archive in archives:
        try:
            if zipfile.is_zipfile(archive):
                with zipfile.ZipFile(archive) as zf:
                    for info in zf.infolist():
                        if not info.is_dir():
                            total += len(zf.read(info))
            else:
                with tarfile.open(archive, "r|*") as tar:
                    for member in tar:
                        handle = tar.extractfile(member) if member.isfile() else None
                        if handle is not None:
                            total += len(handle.read())
        except Exception:  # a corrupt archive costs what it costs; the scan reports it
            continue
    return time.perf_counter() - started, total


def _tree_rss_bytes(root: int) -> int:
    """Resident memory of a process and all its descendants, now (Linux /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        pid = int(entry)
        children.setdefault(int(fields[1]), []).append(pid)  # fields[1]: the parent's pid
        rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")  # fields[21]: rss in pages
    total, pending = 0, [root]
    while pending:
        pid = pending.pop()
        total += rss.get(pid, 0)
        pending.extend(children.get(pid, []))
    return total


def run_child(command: list[str]) -> tuple[str, int]:
    """Run the batch's process; its stdout, and the peak of the whole process tree's memory
    (runner and every Semgrep process at once - what the machine must hold)."""
    peak = 0
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as child:
        sampler_done = False

        def sample() -> None:
            nonlocal peak
            while not sampler_done:
                peak = max(peak, _tree_rss_bytes(child.pid))
                time.sleep(0.2)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        stdout, stderr = child.communicate()
        sampler_done = True
        sampler.join()
    if child.returncode != 0:
        raise subprocess.CalledProcessError(child.returncode, command, stdout, stderr)
    return stdout, peak


def synthetic(directory: Path, count: int) -> None:
    """Small sdists shaped like the study's packages: a setup.py and a module or two."""
    for index in range(count):
        name = f"synthetic-{index:04d}"
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
            files = {
                f"{name}-1.0/setup.py": f"from setuptools import setup\nsetup(name={name!r}, version='1.0')\n",
                # distinct bytes per package: the Semgrep view's deduplication must not hide the cost
                f"{name}-1.0/{name.replace('-', '_')}/__init__.py": f"def hello():\n    return {name!r}\n" * 20,
                f"{name}-1.0/PKG-INFO": f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n",
            }
            for member, text in files.items():
                data = text.encode()
                info = tarfile.TarInfo(member)
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
        (directory / f"{name}-1.0.tar.gz").write_bytes(buffer.getvalue())


def run_batch(archives: list[Path], jobs: int | None, chunk_size: int, report: Path | None = None) -> dict:
    """Scan one batch in this process and report its numbers (called in a child process)."""
    from antivenom.scanner import Scanner, ScanOptions
    from antivenom.sources import resolve

    options = ScanOptions(chunk_size=chunk_size)
    if jobs:
        options.jobs = jobs
    started = time.perf_counter()
    scanner = Scanner(options)
    packages = resolve([str(a) for a in archives], [])
    scanner.scan(packages)
    wall = time.perf_counter() - started
    if report is not None:  # every finding, for `antivenom eval`-style analysis without a second scan
        from antivenom.report import render

        report.write_text(render(packages, "json"), encoding="utf-8")
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    self_kb, child_kb = own.ru_maxrss, children.ru_maxrss
    # CPU seconds: runner (extract, YARA, verdict) and Semgrep; over wall time, how busy the cores were
    cpu = {"runner": own.ru_utime + own.ru_stime, "semgrep": children.ru_utime + children.ru_stime}
    verdicts: dict[str, int] = {}
    for package in packages:
        verdicts[package.verdict] = verdicts.get(package.verdict, 0) + 1
    return {
        "packages": len(packages),
        "wall_s": round(wall, 2),
        "packages_per_s": round(len(packages) / wall, 2) if wall else None,
        "ms_per_package": round(1000 * wall / max(len(packages), 1), 1),
        "peak_rss_mb_runner": round(self_kb / 1024, 1),
        "peak_rss_mb_largest_child": round(child_kb / 1024, 1),
        "semgrep_processes": scanner.times.semgrep_processes,
        "cpu_s": {k: round(v, 1) for k, v in cpu.items()},
        "cores_busy": round(sum(cpu.values()) / wall, 2) if wall else None,
        "stages_s": {k: round(v, 2) for k, v in scanner.times.stages().items()},
        "skipped_files": sum(len(p.skipped) for p in packages),
        "verdicts": verdicts,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", nargs="?", type=Path)
    parser.add_argument("--batches", default="0", help="comma-separated batch sizes; 0 = every archive")
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--chunk-size", type=int, default=200)
    parser.add_argument("--synthetic", type=int, default=200, help="packages to generate when DIR is absent")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--seed", type=int, default=0,
                        help="batches smaller than the set are a seeded random sample (a sorted prefix is one "
                             "corner of the dataset, not a fair sample of it)")
    parser.add_argument("--report", type=Path, help="write the JSON scan report of the last batch here")
    parser.add_argument("--_child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args._child:
        listing, jobs, chunk, report = args._child
        archives = [Path(line) for line in Path(listing).read_text().splitlines()]
        print(json.dumps(run_batch(archives, int(jobs) or None, int(chunk), Path(report) if report else None)))
        return 0

    with tempfile.TemporaryDirectory(prefix="antivenom-bench-") as tmp:
        directory = args.directory
        if directory is None:
            directory = Path(tmp) / "synthetic"
            directory.mkdir()
            synthetic(directory, args.synthetic)
        archives = archives_in(directory)
        floor_s, total_bytes = floor_seconds(archives)
        shown = str(directory) if args.directory else f"synthetic ({args.synthetic} generated packages)"
        report = {"directory": shown, "archives": len(archives), "bytes_read": total_bytes,
                  "floor_s": round(floor_s, 2), "cpus": os.cpu_count(), "batches": []}
        print(f"{len(archives)} archives, {total_bytes / 1e6:.1f} MB of members; floor {floor_s:.2f} s", flush=True)
        for size in [int(s) for s in args.batches.split(",")]:
            sample = random.Random(args.seed).sample(archives, min(size, len(archives))) if size else archives
            batch = sorted(sample)
            listing = Path(tmp) / "batch.txt"
            listing.write_text("\n".join(map(str, batch)))
            stdout, peak_tree = run_child(
                [sys.executable, __file__, "--_child", str(listing), str(args.jobs or 0), str(args.chunk_size),
                 str(args.report or "")],
            )
            result = json.loads(stdout.strip().splitlines()[-1])
            result["peak_rss_mb_all_processes"] = round(peak_tree / 2**20, 1)
            batch_floor, _ = floor_seconds(batch) if size else (floor_s, 0)
            result["floor_s"] = round(batch_floor, 2)
            result["ratio_to_floor"] = round(result["wall_s"] / batch_floor, 1) if batch_floor else None
            report["batches"].append(result)
            print(json.dumps(result), flush=True)
        if args.json:
            args.json.write_text(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
