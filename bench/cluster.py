"""Scaling of a scan sharded over Dask (`--cluster local:N`), and what a full mirror would cost.

    python bench/cluster.py DIR [DIR...] [--sample 200] [--workers 1,2] [--chunk-size 20]
                            [--json bench/results/cluster.json] [--html REPORT.html --screenshot PNG]

Per folder (a seeded random sample of its archives, or all of them with --sample 0): one
single-process scan (the baseline, every core), then local:N for each N. Reports wall time,
the time until every worker delivered its first chunk (cluster start, rule loading on every
worker), steady throughput after it, and the scaling efficiency T(1) / (N * T(N)) on the
steady part; and checks that every run's report equals the single-process one. The load
average is recorded before and after each run: the machine may be shared. Then the
projection of a full-mirror scan from the measured per-package cost, with its arithmetic.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import time
from pathlib import Path

from antivenom.cluster import ClusterScanner
from antivenom.report import json_report
from antivenom.scanner import Scanner, ScanOptions
from antivenom.sources import resolve

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import archives_in

# Files on PyPI, order of magnitude (pypi.org front page, late 2025: ~14 million files in
# ~7 million releases). A parameter: pass the size of the mirror you have.
DEFAULT_MIRROR_FILES = 14_000_000


def _load() -> float:
    return round(os.getloadavg()[0], 2)


def _cpu_seconds() -> float:
    """CPU time of this process and its waited-for children (Semgrep); run on each worker too."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed_scan(archives: list[Path], cluster: str | None, chunk_size: int) -> dict:
    """One scan: wall time; when every worker had delivered its first chunk (cluster start and
    rule loading are behind by then); throughput after that; and the report."""
    packages = resolve([str(a) for a in archives], [])
    options = ScanOptions(chunk_size=chunk_size)
    workers = int(cluster.split(":")[1]) if cluster and cluster.startswith("local:") else 1
    warm_after = min(workers * chunk_size, len(packages) - 1)  # packages in the first chunk of each worker
    finished: list[float] = []
    worker_cpu: list[float] = []
    load_before = _load()
    cpu_before = _cpu_seconds()
    started = time.perf_counter()
    scanner = ClusterScanner(options, cluster) if cluster else Scanner(options)

    def on_done(_package) -> None:
        finished.append(time.perf_counter())
        if cluster and len(finished) == len(packages):  # the workers are still up: ask their CPU time
            worker_cpu.extend(scanner.client.run(_cpu_seconds).values())

    scanner.scan(packages, on_done=on_done)
    wall = time.perf_counter() - started
    cpu = sum(worker_cpu) if cluster else _cpu_seconds() - cpu_before
    warm = finished[warm_after - 1] - started if warm_after > 0 else 0.0
    return {
        "cluster": cluster or "single process (all cores)",
        "packages": len(packages),
        "wall_s": round(wall, 2),
        "warm_s": round(warm, 2),
        "steady_packages_per_s": round((len(packages) - warm_after) / max(wall - warm, 1e-6), 2),
        # CPU seconds per package, start-up included: what the work costs whatever else the
        # machine runs (wall times on a shared machine measure the share of it we were given)
        "cpu_s": round(cpu, 1),
        "cpu_s_per_package": round(cpu / max(len(packages), 1), 3),
        "load_before": load_before,
        "load_after": _load(),
        "report": json_report.build(packages),
    }


def _differing(baseline: dict, other: dict) -> list[dict]:
    """Each package whose entry differs from the single-process report's, with the keys that differ."""
    mine = {p["target"]: p for p in baseline.get("packages", [])}
    found = []
    for package in other.get("packages", []):
        before = mine.get(package["target"])
        if before != package:
            keys = sorted(k for k in {*package, *(before or {})} if (before or {}).get(k) != package.get(k))
            found.append({"target": package["target"], "keys": keys,
                          "single": {k: (before or {}).get(k) for k in keys},
                          "cluster": {k: package.get(k) for k in keys}})
    if {p["target"] for p in other.get("packages", [])} != set(mine):
        found.append({"target": "(the package lists differ)", "keys": [], "single": {}, "cluster": {}})
    return found


def efficiency(runs: list[dict]) -> None:
    """T(1) / (N * T(N)) on the steady part, for every local:N run against local:1."""
    one = next((r for r in runs if r["cluster"] == "local:1"), None)
    for run in runs:
        if one is None or not run["cluster"].startswith("local:"):
            continue
        n = int(run["cluster"].split(":")[1])
        run["speedup_steady"] = round(run["steady_packages_per_s"] / one["steady_packages_per_s"], 2)
        run["efficiency_steady"] = round(run["speedup_steady"] / n, 2)
        run["speedup_wall"] = round(one["wall_s"] / run["wall_s"], 2)
        # the work N workers add over one (rules loaded N times, more Semgrep starts): 1.0 = none
        run["cpu_efficiency"] = round(one["cpu_s"] / run["cpu_s"], 2)


def projection(core_s_per_package: float, eff: float, files: int, workers: list[int]) -> list[str]:
    lines = [f"per-file cost c = {core_s_per_package:.3f} CPU seconds; efficiency e = {eff:.2f}; "
             f"F = {files:,} files", "T(N) = F * c / (N * e)"]
    for n in workers:
        hours = files * core_s_per_package / (n * eff) / 3600
        lines.append(f"  N = {n:>4}: {files:,} * {core_s_per_package:.3f} / ({n} * {eff:.2f}) "
                     f"= {hours * 3600:,.0f} s = {hours:,.1f} h = {hours / 24:,.2f} days")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directories", nargs="+", type=Path)
    parser.add_argument("--sample", type=int, default=200, help="archives per folder (seeded random); 0 = all")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--chunk-size", type=int, default=20,
                        help="small enough that every worker gets many chunks")
    parser.add_argument("--mirror-files", type=int, default=DEFAULT_MIRROR_FILES)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--html", type=Path, help="write the HTML report of the first folder's scan here")
    parser.add_argument("--screenshot", type=Path, help="and a headless-Chromium screenshot of it here")
    args = parser.parse_args()

    results = []
    for directory in args.directories:
        if not directory.is_dir():
            print(f"{directory}: absent, skipped", flush=True)
            continue
        archives = archives_in(directory)
        if args.sample and args.sample < len(archives):
            archives = sorted(random.Random(args.seed).sample(archives, args.sample))
        print(f"{directory}: {len(archives)} archives, load {_load()}", flush=True)
        runs = [timed_scan(archives, None, args.chunk_size)]
        for n in (int(w) for w in args.workers.split(",")):
            runs.append(timed_scan(archives, f"local:{n}", args.chunk_size))
        efficiency(runs)
        baseline = runs[0]["report"]
        for run in runs:
            # nothing in a report is a timing: compared whole
            run["report_equals_single_process"] = run["report"] == baseline
            if not run["report_equals_single_process"]:
                run["packages_differing"] = _differing(baseline, run["report"])
            print(f"  {run['cluster']}: " + ", ".join(f"{k} {v}" for k, v in run.items()
                                                       if k not in ("cluster", "report", "packages_differing")),
                  flush=True)
            for entry in run.get("packages_differing", [])[:20]:
                print(f"    differs: {entry['target']}: {', '.join(entry['keys'])}", flush=True)
        if args.html and not results:
            from antivenom.report import html

            args.html.write_text(html.render_report(baseline), encoding="utf-8")
            if args.screenshot:
                sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
                import chromium

                args.screenshot.parent.mkdir(parents=True, exist_ok=True)
                chromium.screenshot(args.html, args.screenshot, 1280, 1000)
        for run in runs:
            del run["report"]
        results.append({"directory": str(directory), "archives": len(archives), "sample_seed": args.seed,
                        "chunk_size": args.chunk_size, "cpus": os.cpu_count(), "runs": runs})

    for result in results:
        one = next((r for r in result["runs"] if r["cluster"] == "local:1"), None)
        widest = max((r for r in result["runs"] if r["cluster"].startswith("local:")),
                     key=lambda r: int(r["cluster"].split(":")[1]), default=None)
        if one is None or widest is None:
            continue
        # c: CPU seconds per file with one worker; e: the CPU efficiency of the widest run (the
        # work added by more workers). On N free cores, T(N) = F * c / (N * e).
        eff = min(widest.get("cpu_efficiency", 1.0), 1.0)
        result["projection"] = projection(one["cpu_s_per_package"], eff, args.mirror_files, [16, 64, 256])
        print(f"\n{result['directory']}:\n" + "\n".join(result["projection"]))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
