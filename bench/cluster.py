"""Scaling of a scan sharded over Dask (`--cluster local:N`), and what a full mirror would cost.

    python bench/cluster.py DIR [DIR...] [--sample 200] [--workers 1,2] [--chunk-size 20]
                            [--json bench/results/cluster.json] [--html REPORT.html --screenshot PNG]
                            [--shard K/N] [--no-single]
    python bench/cluster.py --combine SHARD.json [SHARD.json...] [--json WHOLE.json]

Per folder (a seeded random sample of its archives, or all of them with --sample 0): one
single-process scan (the baseline, every core), then local:N for each N. Reports wall time,
the time until every worker delivered its first chunk (cluster start, rule loading on every
worker), steady throughput after it, and the scaling efficiency T(1) / (N * T(N)) on the
steady part; and checks that every run's report equals the single-process one. The load
average is recorded before and after each run: the machine may be shared. Then the
projection of a full-mirror scan from the measured per-package cost, with its arithmetic.

A set too large for one sitting (the benign dev set: about 3 h on two cores for local:1 and
local:2) is measured in shards: `--shard K/N` takes the K-th of N contiguous blocks of the
sorted list (contiguous: a release's sdist and wheel, which share files the engines scan once
per process, stay together as in a whole-set run), `--no-single` leaves the single-process baseline out
(then local:N is compared with local:1), and `--combine` adds the shards' times up once all N
are there, refusing a set with a shard missing, twice, from another split or another commit.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
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
    steady_packages = len(packages) - warm_after
    return {
        "cluster": cluster or "single process (all cores)",
        "packages": len(packages),
        "wall_s": round(wall, 2),
        "warm_s": round(warm, 2),
        "steady_packages": steady_packages,
        "steady_s": round(wall - warm, 2),
        "steady_packages_per_s": round(steady_packages / max(wall - warm, 1e-6), 2),
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


def shard_of(archives: list[Path], shard: str | None) -> list[Path]:
    """`K/N`: the K-th (1-based) of N contiguous blocks of equal length; None: all of them."""
    if not shard:
        return archives
    k, n = (int(x) for x in shard.split("/"))
    if not 1 <= k <= n:
        raise SystemExit(f"--shard {shard}: K must be 1..N")
    return archives[(k - 1) * len(archives) // n:k * len(archives) // n]


def combine(shards: list[dict]) -> dict:
    """One result for a set measured in shards: per cluster setting, times and CPU summed over
    the shards, steady throughput from the summed steady parts; refused unless the shards are
    1..N of one split of one folder, each once."""
    first = shards[0]
    split = {(s["directory"], s["sample_seed"], s["chunk_size"], s["shard"].split("/")[1]) for s in shards}
    numbers = sorted(int(s["shard"].split("/")[0]) for s in shards)
    total = int(first["shard"].split("/")[1])
    if len(split) != 1 or numbers != list(range(1, total + 1)):
        raise SystemExit(f"--combine: need shards 1..{total} of one split, each once; got {numbers} of {split}")
    codes = {s.get("code") for s in shards}
    if len(codes) != 1:  # shards of different commits are not one measurement of one scanner
        raise SystemExit(f"--combine: the shards were measured at different commits: {sorted(map(str, codes))}")
    runs = []
    for setting in [r["cluster"] for r in first["runs"]]:
        parts = [next(r for r in s["runs"] if r["cluster"] == setting) for s in shards]
        packages = sum(p["packages"] for p in parts)
        cpu = sum(p["cpu_s"] for p in parts)
        steady = sum(p["steady_packages"] for p in parts)
        steady_s = sum(p["steady_s"] for p in parts)
        runs.append({
            "cluster": setting, "packages": packages,
            "wall_s": round(sum(p["wall_s"] for p in parts), 2),
            "warm_s": round(sum(p["warm_s"] for p in parts), 2),
            "steady_packages": steady, "steady_s": round(steady_s, 2),
            "steady_packages_per_s": round(steady / max(steady_s, 1e-6), 2),
            "cpu_s": round(cpu, 1), "cpu_s_per_package": round(cpu / max(packages, 1), 3),
            "load_before": [p["load_before"] for p in parts], "load_after": [p["load_after"] for p in parts],
            "reports_equal_in_every_shard": all(p.get("report_equals_baseline", False) for p in parts),
        })
    efficiency(runs)
    return {"directory": first["directory"], "archives": sum(s["archives"] for s in shards),
            "sample_seed": first["sample_seed"], "chunk_size": first["chunk_size"], "cpus": first["cpus"],
            "baseline": first["baseline"],
            "shards": [{"shard": s["shard"], "archives": s["archives"], "code": s.get("code")} for s in shards],
            "runs": runs}


def shard_rows(shards: list[dict]) -> list[str]:
    """One markdown row per shard: its local:1 and local:2 runs side by side."""
    rows = []
    for shard in sorted(shards, key=lambda s: int(s["shard"].split("/")[0])):
        runs = {r["cluster"]: r for r in shard["runs"]}
        one, two = runs.get("local:1"), runs.get("local:2")
        if one is None or two is None:
            continue
        loads = sorted({one["load_before"], one["load_after"], two["load_before"], two["load_after"]})
        rows.append(f"| {shard['shard']} | {shard['archives']} | {one['wall_s']:.0f} / {one['cpu_s']:.0f} | "
                    f"{two['wall_s']:.0f} / {two['cpu_s']:.0f} | {one['wall_s'] / two['wall_s']:.2f} | "
                    f"{one['cpu_s'] / two['cpu_s']:.2f} | {'yes' if two.get('report_equals_baseline') else 'NO'} | "
                    f"{loads[0]}-{loads[-1]} |")
    return rows


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
    parser.add_argument("directories", nargs="*", type=Path)
    parser.add_argument("--sample", type=int, default=200, help="archives per folder (seeded random); 0 = all")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--chunk-size", type=int, default=20,
                        help="small enough that every worker gets many chunks")
    parser.add_argument("--mirror-files", type=int, default=DEFAULT_MIRROR_FILES)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--html", type=Path, help="write the HTML report of the first folder's scan here")
    parser.add_argument("--screenshot", type=Path, help="and a headless-Chromium screenshot of it here")
    parser.add_argument("--shard", help="K/N: measure only the K-th of N contiguous blocks of the set")
    parser.add_argument("--no-single", action="store_true",
                        help="leave the single-process baseline out (local:N is then compared with local:1)")
    parser.add_argument("--combine", nargs="+", type=Path, metavar="SHARD_JSON",
                        help="add up shard results written by --shard ... --json")
    parser.add_argument("--table", nargs="+", type=Path, metavar="SHARD_JSON",
                        help="print one markdown row per shard (any subset of the shards)")
    args = parser.parse_args()

    if args.table:
        print("\n".join(shard_rows(_read_shards(args.table))))
        return 0
    results = [combine(_read_shards(args.combine))] if args.combine else measure(args)
    report_projections(results, args.mirror_files)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


def _read_shards(paths: list[Path]) -> list[dict]:
    """Every result in the JSON files --shard ... --json wrote."""
    return [entry for path in paths for entry in json.loads(path.read_text(encoding="utf-8"))]


def _code_version() -> str | None:
    """The commit measured (a shard set may be measured over several sittings)."""
    try:
        return subprocess.run(["git", "-C", str(Path(__file__).resolve().parent), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, timeout=10, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None


def measure(args: argparse.Namespace) -> list[dict]:
    results = []
    for directory in args.directories:
        if not directory.is_dir():
            print(f"{directory}: absent, skipped", flush=True)
            continue
        archives = archives_in(directory)
        if args.sample and args.sample < len(archives):
            archives = sorted(random.Random(args.seed).sample(archives, args.sample))
        archives = shard_of(archives, args.shard)
        print(f"{directory}: {len(archives)} archives, load {_load()}", flush=True)
        runs = [] if args.no_single else [timed_scan(archives, None, args.chunk_size)]
        for n in (int(w) for w in args.workers.split(",")):
            runs.append(timed_scan(archives, f"local:{n}", args.chunk_size))
        efficiency(runs)
        baseline = runs[0]["report"]  # the single process's, or local:1's with --no-single
        for run in runs:
            # nothing in a report is a timing: compared whole
            run["report_equals_baseline"] = run["report"] == baseline
            if not run["report_equals_baseline"]:
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
                        "chunk_size": args.chunk_size, "cpus": os.cpu_count(), "shard": args.shard or "1/1",
                        "baseline": runs[0]["cluster"],
                        "code": _code_version(), "runs": runs})
    return results


def report_projections(results: list[dict], mirror_files: int) -> None:
    for result in results:
        one = next((r for r in result["runs"] if r["cluster"] == "local:1"), None)
        widest = max((r for r in result["runs"] if r["cluster"].startswith("local:")),
                     key=lambda r: int(r["cluster"].split(":")[1]), default=None)
        if one is None or widest is None:
            continue
        # c: CPU seconds per file with one worker; e: the CPU efficiency of the widest run (the
        # work added by more workers). On N free cores, T(N) = F * c / (N * e).
        eff = min(widest.get("cpu_efficiency", 1.0), 1.0)
        result["projection"] = projection(one["cpu_s_per_package"], eff, mirror_files, [16, 64, 256])
        print(f"\n{result['directory']}:\n" + "\n".join(result["projection"]))


if __name__ == "__main__":
    sys.exit(main())
