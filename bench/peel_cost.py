"""What peel (issue #16) costs on benign code, and whether it adds false positives.

    nice -n 10 python bench/peel_cost.py ~/.cache/antivenom/benign-dev [--count 100] [--seed 16] [-o out.json]

A seeded random sample of the folder's archives is scanned twice in this process, without
and with peel (ScanOptions.peel), same options otherwise. Reported: wall and CPU seconds
(this process and its Semgrep children) of each scan, the peel stage's own wall time and
its share of the scan with peel, the derived files the engines scanned, and every package
whose verdict is graver with peel, with the findings that came from a decoded layer.
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

from antivenom.enums import Verdict
from antivenom.scanner import Scanner, ScanOptions
from antivenom.sources import resolve

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import archives_in


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def scan(archives: list[Path], peel: bool, jobs: int) -> dict:
    packages = resolve([str(a) for a in archives], [])
    scanner = Scanner(ScanOptions(jobs=jobs, peel=peel))
    load = os.getloadavg()[0]
    wall, cpu = time.perf_counter(), _cpu()
    scanner.scan(packages)
    wall, cpu = time.perf_counter() - wall, _cpu() - cpu
    return {
        "peel": peel, "wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "load_before": round(load, 2),
        "load_after": round(os.getloadavg()[0], 2),
        "stages_s": {k: round(v, 2) for k, v in scanner.times.stages().items()},
        "verdicts": {p.target: p.verdict for p in packages},
        "decoded_findings": {p.target: [f.to_dict() for f in p.findings if f.decoded_from] for p in packages},
        "peel_skips": sum(s.reason.startswith("peel:") for p in packages for s in p.skipped),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", type=Path)
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("-o", "--output", type=Path, default=Path(__file__).parent / "results" / "peel-cost.json")
    args = parser.parse_args()
    archives = archives_in(args.dataset)
    sample = sorted(random.Random(args.seed).sample(archives, min(args.count, len(archives))))
    without = scan(sample, False, args.jobs)
    with_peel = scan(sample, True, args.jobs)
    order = Verdict.order().index
    graver = []
    for target, verdict in with_peel["verdicts"].items():
        before = without["verdicts"][target]
        if order(verdict) > order(before):
            graver.append({"target": target, "without": before, "with": verdict,
                           "decoded_findings": with_peel["decoded_findings"][target]})
    peel_stage = with_peel["stages_s"].get("peel", 0.0)
    result = {
        "dataset": str(args.dataset), "archives": len(sample), "seed": args.seed, "jobs": args.jobs,
        "peel_stage_s": peel_stage,
        "peel_stage_share_of_scan": round(peel_stage / with_peel["wall_s"], 4) if with_peel["wall_s"] else None,
        "wall_ratio_with_to_without": round(with_peel["wall_s"] / without["wall_s"], 3),
        "cpu_ratio_with_to_without": round(with_peel["cpu_s"] / without["cpu_s"], 3),
        "graver_with_peel": graver,
        "packages_with_decoded_findings": sum(bool(v) for v in with_peel["decoded_findings"].values()),
        "runs": [{k: v for k, v in run.items() if k not in ("verdicts", "decoded_findings")}
                 for run in (without, with_peel)],
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps({k: v for k, v in result.items() if k != "graver_with_peel"}, indent=1))
    for entry in graver:
        print(f"GRAVER {entry['target']}: {entry['without']} -> {entry['with']}")
        for finding in entry["decoded_findings"]:
            print(f"    {finding['rule_id']} {finding['path']}:{finding['line']}  {finding['evidence'][:120]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
