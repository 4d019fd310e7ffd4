"""The persistent result cache's payoff: the same archives scanned twice with one fresh cache.

    nice -n 10 python bench/cache_bench.py DIR [--sample 150] [--seed 18] [--jobs 2]

DIR is a folder of archives (the benign dev set ~/.cache/antivenom/benign-dev, or
../shared/malregistry-dev). `--sample N` scans a seeded random sample of N archives (0: all).
Each scan is `antivenom scan ... --format json` in a subprocess, with ANTIVENOM_CACHE_DIR set
to a new temporary folder: the first run is cold (every file scanned, results stored), the
second warm. Prints both wall times, the ratio (target: warm <= 10% of cold), the cache hits
and whether both reports hold the same findings; `--json FILE` writes the same as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from antivenom.archives import is_archive


def _archives(directory: Path) -> list[Path]:
    return sorted(p for p in directory.rglob("*") if p.is_file() and not p.is_symlink() and is_archive(p))


def _findings(report: dict) -> list[tuple]:
    return sorted((p["target"], p["verdict"], f["rule_id"], f["path"], f["line"], f["evidence"])
                  for p in report["packages"] for f in p["findings"])


def _scan(targets: list[str], cache: Path, out: Path, jobs: int) -> float:
    env = {**os.environ, "ANTIVENOM_CACHE_DIR": str(cache), "SEMGREP_ENABLE_VERSION_CHECK": "0"}
    command = [sys.executable, "-c", "from antivenom.cli import main; main()", "scan", *targets,
               "--format", "json", "-o", str(out), "--exit-zero", "-q", "--jobs", str(jobs)]
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("directory", type=Path)
    parser.add_argument("--sample", type=int, default=150)
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    args = parser.parse_args()
    archives = _archives(args.directory)
    if args.sample and args.sample < len(archives):
        archives = sorted(random.Random(args.seed).sample(archives, args.sample))
    targets = [str(p) for p in archives]
    with tempfile.TemporaryDirectory(prefix="cache-bench-") as tmp:
        cache, cold_out, warm_out = Path(tmp, "cache"), Path(tmp, "cold.json"), Path(tmp, "warm.json")
        cold = _scan(targets, cache, cold_out, args.jobs)
        warm = _scan(targets, cache, warm_out, args.jobs)
        cold_report, warm_report = json.loads(cold_out.read_text()), json.loads(warm_out.read_text())
        cache_bytes = sum(p.stat().st_size for p in cache.iterdir())
    result = {
        "archives": len(archives),
        "archive_bytes": sum(p.stat().st_size for p in archives),
        "cold_seconds": round(cold, 1),
        "warm_seconds": round(warm, 1),
        "ratio": round(warm / cold, 3),
        "same_findings": _findings(cold_report) == _findings(warm_report),
        "same_verdicts": [p["verdict"] for p in cold_report["packages"]] == [p["verdict"] for p in
                                                                              warm_report["packages"]],
        "findings": len(_findings(cold_report)),
        "cache_bytes": cache_bytes,
        "load": os.getloadavg(),
    }
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
