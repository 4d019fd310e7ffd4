"""antivenom and GuardDog side by side, on the same archives, in one run (issue #17).

    python bench/compare.py DIR [--sample 100] [--seed 17] [--jobs 2] [--per-package N] [-o out.json]

DIR is a folder of archives, one folder per package (~/.cache/antivenom/benign-dev, whose
folders hold an sdist and a wheel: the sdist is taken) or per name/version
(../shared/malregistry-dev). A seeded sample of `--sample` packages, one archive each.

GuardDog (pinned: GUARDDOG) is installed on first use into its own virtualenv,
bench/.venv-guarddog (git-ignored), and run the way its CLI scans a local archive, one
process per archive (`guarddog pypi scan ARCHIVE --output-format json`), `--jobs` at once.
antivenom scans the whole sample in one process (`antivenom scan A B ... --format json`),
with and without its prefilter, both without the persistent result cache (cold: every file
through the engines). Reported per tool: wall time, seconds per package
(GuardDog: each process's wall time; antivenom: the batch wall time / packages, with
`--per-package N` the median/p95 of one process per archive on the first N, and with `--warm N`
of one warm process scanning the first N one archive at a time), peak memory of
the process tree (sampled every 0.2 s), the read-every-byte floor (bench/throughput.py) and
each tool's ratio to it, and verdict agreement (GuardDog: a finding of any of its `threat-*`
rules = flagged, its `capability-*` rules not counted; its risk labels listed; antivenom:
`malicious` = flagged, `suspicious` counted apart).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from throughput import _tree_rss_bytes, archives_in, floor_seconds

GUARDDOG = "guarddog==3.2.0"
BENCH = Path(__file__).resolve().parent
VENV = BENCH / ".venv-guarddog"


def guarddog_bin() -> Path:
    """GuardDog's executable, installed into its own virtualenv on first use."""
    exe = VENV / "bin" / "guarddog"
    if not exe.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(VENV / "bin" / "pip"), "install", "-q", GUARDDOG], check=True)
    return exe


def sample(directory: Path, size: int, seed: int) -> list[Path]:
    """One archive per package folder (an sdist before a wheel), a seeded sample of `size`."""
    by_package: dict[Path, list[Path]] = {}
    for archive in archives_in(directory):
        by_package.setdefault(archive.parent, []).append(archive)
    chosen = [min(found, key=lambda p: (p.suffix in (".whl", ".zip"), p.name))
              for _, found in sorted(by_package.items())]
    random.Random(seed).shuffle(chosen)
    return sorted(chosen[:size] if size else chosen)


class PeakTree:
    """Peak resident memory of this process's children (and theirs), sampled every 0.2 s."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, _tree_rss_bytes(os.getpid()) - _own_rss())
            self._stop.wait(0.2)

    def __enter__(self) -> PeakTree:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _own_rss() -> int:
    with open(f"/proc/{os.getpid()}/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _percentiles(values: list[float]) -> dict[str, float | None]:
    if not values:
        return {"median": None, "p95": None}
    ordered = sorted(values)
    return {"median": round(statistics.median(ordered), 3),
            "p95": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 3)}


def run_guarddog(archives: list[Path], jobs: int) -> dict:
    exe = guarddog_bin()

    def one(archive: Path) -> tuple[float, dict | None]:
        started = time.perf_counter()
        done = subprocess.run([str(exe), "pypi", "scan", str(archive), "--output-format", "json"],
                              capture_output=True, text=True)
        elapsed = time.perf_counter() - started
        try:
            return elapsed, json.loads(done.stdout)
        except json.JSONDecodeError:
            return elapsed, None

    started = time.perf_counter()
    with PeakTree() as peak, ThreadPoolExecutor(max_workers=jobs) as pool:
        results = list(pool.map(one, archives))
    wall = time.perf_counter() - started
    verdicts, labels = {}, {}
    for archive, (_, data) in zip(archives, results, strict=True):
        threats = data and any(hits for rule, hits in (data.get("results") or {}).items() if rule.startswith("threat-"))
        verdicts[str(archive)] = "error" if data is None else ("flagged" if threats else "clean")
        label = "error" if data is None else str((data.get("risk_score") or {}).get("label"))
        labels[label] = labels.get(label, 0) + 1
    return {"wall_s": round(wall, 2), "per_package_s": _percentiles([t for t, _ in results]),
            "peak_tree_mb": round(peak.peak / 2**20), "risk_labels": labels, "verdicts": verdicts}


def _antivenom(archives: list[Path], jobs: int, prefilter: bool) -> tuple[float, int, dict[str, str]]:
    # --no-cache: every file through the engines (the persistent result cache would make a
    # second run, or a run after an earlier session's, a lookup)
    command = [str(Path(sys.executable).parent / "antivenom"), "scan", *map(str, archives), "--format", "json",
               "--exit-zero", "-q", "--no-cache", "--jobs", str(jobs), *([] if prefilter else ["--no-prefilter"])]
    started = time.perf_counter()
    with PeakTree() as peak:
        done = subprocess.run(command, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - started
    report = json.loads(done.stdout)
    return wall, peak.peak, {p["target"]: p["verdict"] for p in report["packages"]}


def run_antivenom(archives: list[Path], jobs: int, prefilter: bool, per_package: int) -> dict:
    wall, peak, verdicts = _antivenom(archives, jobs, prefilter)
    result = {"wall_s": round(wall, 2), "mean_per_package_s": round(wall / len(archives), 3),
              "peak_tree_mb": round(peak / 2**20), "verdicts": verdicts}
    if per_package:
        times = [_antivenom([archive], 1, prefilter)[0] for archive in archives[:per_package]]
        result["one_process_per_package_s"] = _percentiles(times)
    return result


def warm_per_package(archives: list[Path], jobs: int) -> list[float]:
    """Seconds per archive when one process scans them one at a time, its rule packs loaded once:
    the latency a long-running scanner (watch mode, a cluster worker, a mirror's upload hook) sees."""
    done = subprocess.run([sys.executable, __file__, "--warm-worker", "--jobs", str(jobs), *map(str, archives)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def _warm_worker(archives: list[str], jobs: int) -> None:
    from antivenom.scanner import Scanner, ScanOptions
    from antivenom.sources import resolve

    scanner = Scanner(ScanOptions(jobs=jobs))  # no persistent cache: every file through the engines
    times = []
    for archive in archives:
        started = time.perf_counter()
        scanner.scan(resolve([archive], []))
        times.append(time.perf_counter() - started)
    print(json.dumps(times))


def agreement(guarddog: dict[str, str], antivenom: dict[str, str]) -> dict:
    both = [t for t in guarddog if t in antivenom]
    flagged = {t: antivenom[t] == "malicious" for t in both}
    return {
        "packages": len(both),
        "guarddog_flagged": sum(guarddog[t] == "flagged" for t in both),
        "guarddog_errors": sum(guarddog[t] == "error" for t in both),
        "antivenom_malicious": sum(flagged.values()),
        "antivenom_suspicious": sum(antivenom[t] == "suspicious" for t in both),
        "agree": sum((guarddog[t] == "flagged") == flagged[t] for t in both if guarddog[t] != "error"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("directory", type=Path)
    parser.add_argument("--sample", type=int, default=100, help="packages (0: all)")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--per-package", type=int, default=0,
                        help="also time antivenom as one process per archive on the first N")
    parser.add_argument("--warm", type=int, default=0,
                        help="also time antivenom per archive in one warm process on the first N")
    parser.add_argument("--skip-guarddog", action="store_true")
    parser.add_argument("--skip-no-prefilter", action="store_true")
    parser.add_argument("-o", "--output", type=Path)
    if sys.argv[1:2] == ["--warm-worker"]:
        _warm_worker(sys.argv[4:], int(sys.argv[3]))  # --warm-worker --jobs N ARCHIVE...
        return
    args = parser.parse_args()

    archives = sample(args.directory.expanduser(), args.sample, args.seed)
    floor_s, total = floor_seconds(archives)
    result: dict = {"directory": str(args.directory), "packages": len(archives), "seed": args.seed,
                    "jobs": args.jobs, "member_bytes": total, "floor_s": round(floor_s, 2),
                    "load_before": os.getloadavg(), "guarddog": GUARDDOG}
    print(f"{len(archives)} archives, {total / 1e6:.1f} MB of members, floor {floor_s:.2f} s", flush=True)
    runs: dict[str, dict] = {}
    tools = {"antivenom": lambda: run_antivenom(archives, args.jobs, True, args.per_package)}
    if not args.skip_no_prefilter:
        tools["antivenom_no_prefilter"] = lambda: run_antivenom(archives, args.jobs, False, args.per_package)
    if not args.skip_guarddog:
        tools["guarddog"] = lambda: run_guarddog(archives, args.jobs)
    for name, run_tool in tools.items():  # each reported as it ends: a long run shows its progress
        run = runs[name] = run_tool()
        run["ratio_to_floor"] = round(run["wall_s"] / floor_s, 1) if floor_s else None
        shown = {k: v for k, v in run.items() if k != "verdicts"}
        print(f"{name}: {json.dumps(shown)} (load {os.getloadavg()[0]:.1f})", flush=True)
    if "guarddog" in runs:
        result["agreement"] = agreement(runs["guarddog"]["verdicts"], runs["antivenom"]["verdicts"])
        result["speedup_vs_guarddog"] = round(runs["guarddog"]["wall_s"] / runs["antivenom"]["wall_s"], 2)
        print(f"agreement: {json.dumps(result['agreement'])}; antivenom is "
              f"{result['speedup_vs_guarddog']}x GuardDog's speed", flush=True)
    if "antivenom_no_prefilter" in runs:
        result["prefilter_verdicts_identical"] = \
            runs["antivenom"]["verdicts"] == runs["antivenom_no_prefilter"]["verdicts"]
    if args.warm:
        times = warm_per_package(archives[:args.warm], args.jobs)
        result["warm_per_package_s"] = {**_percentiles(times), "packages": len(times)}
        print(f"warm, one archive at a time: {json.dumps(result['warm_per_package_s'])}", flush=True)
    result["load_after"] = os.getloadavg()
    result["runs"] = runs
    if args.output:
        args.output.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
