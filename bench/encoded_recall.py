"""Issue #16's target: the share of malregistry-dev names whose code holds an encoded literal of
200+ characters (encoded_literals.py's test) that the scan calls `malicious`, with and without peel.

    nice -n 10 python bench/encoded_recall.py ../shared/malregistry-dev [--sample 300] [--seed 16] [-o out.json]
    python bench/encoded_recall.py ../shared/malregistry-dev --sample 0 --report MAL.json   # no scan: a
        recorded full-dataset report's verdicts, over every name with such a literal

Names are taken in a seeded random order until `--sample` of them hold such a literal (0: all);
per name, its first archive (sorted) holding one is scanned, so a name counts once. Archives are
read as data only (encoded_literals.members); the scan never runs what it reads.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

from antivenom.archives import is_archive
from antivenom.enums import Verdict
from antivenom.scanner import Scanner, ScanOptions
from antivenom.sources import resolve

sys.path.insert(0, str(Path(__file__).resolve().parent))
from encoded_literals import has_encoded_literal, members


def pick(dataset: Path, sample: int, seed: int) -> dict[str, Path]:
    by_name: dict[str, list[Path]] = {}
    for archive in sorted(p for p in dataset.rglob("*") if p.is_file() and is_archive(p)):
        by_name.setdefault(archive.relative_to(dataset).parts[0], []).append(archive)
    names = sorted(by_name)
    random.Random(seed).shuffle(names)
    chosen: dict[str, Path] = {}
    for name in names:
        if sample and len(chosen) >= sample:
            break
        for archive in by_name[name]:
            if any(has_encoded_literal(data) for _, data in members(archive)):
                chosen[name] = archive
                break
    return chosen


def scan(chosen: dict[str, Path], peel: bool, jobs: int) -> dict:
    packages = resolve([str(a) for a in chosen.values()], [])
    load = os.getloadavg()[0]
    started = time.perf_counter()
    scanner = Scanner(ScanOptions(jobs=jobs, peel=peel))
    scanner.scan(packages)
    verdicts = {name: p.verdict for name, p in zip(chosen, packages, strict=True)}
    malicious = sum(v == Verdict.MALICIOUS for v in verdicts.values())
    return {"peel": peel, "malicious": malicious, "share_malicious": round(malicious / len(verdicts), 4),
            "wall_s": round(time.perf_counter() - started, 1), "load_before": round(load, 2),
            "stages_s": {k: round(v, 1) for k, v in scanner.times.stages().items()},
            "not_malicious": {n: v for n, v in sorted(verdicts.items()) if v != Verdict.MALICIOUS}}


def from_report(chosen: dict[str, Path], report: Path) -> dict:
    """The verdicts a recorded JSON report gave the chosen archives (matched by path suffix)."""
    by_suffix = {}
    for package in json.loads(report.read_text())["packages"]:
        parts = package["target"].split("/")
        for i in range(len(parts)):
            by_suffix["/".join(parts[i:])] = package["verdict"]
    verdicts = {}
    for name, archive in chosen.items():
        parts = archive.parts
        verdicts[name] = next((by_suffix[s] for s in ("/".join(parts[i:]) for i in range(len(parts)))
                               if s in by_suffix), "not scanned")
    malicious = sum(v == Verdict.MALICIOUS for v in verdicts.values())
    return {"peel": True, "report": str(report), "malicious": malicious,
            "share_malicious": round(malicious / max(1, len(verdicts)), 4), "wall_s": None, "load_before": None,
            "not_malicious": {n: v for n, v in sorted(verdicts.items()) if v != Verdict.MALICIOUS}}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", type=Path)
    parser.add_argument("--sample", type=int, default=300)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--without", action="store_true", help="also scan without peel, for comparison")
    parser.add_argument("--report", type=Path, help="verdicts from this recorded JSON report instead of a scan")
    parser.add_argument("-o", "--output", type=Path,
                        default=Path(__file__).parent / "results" / "encoded-recall.json")
    args = parser.parse_args()
    chosen = pick(args.dataset, args.sample, args.seed)
    if args.report:
        runs = [from_report(chosen, args.report)]
    else:
        runs = [scan(chosen, True, args.jobs)] + ([scan(chosen, False, args.jobs)] if args.without else [])
    result = {"dataset": str(args.dataset), "names": len(chosen), "sample": args.sample, "seed": args.seed,
              "runs": runs}
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=1) + "\n")
    for run in runs:
        print(f"peel={run['peel']}: {run['malicious']}/{len(chosen)} malicious ({run['share_malicious']:.1%}), "
              f"{run['wall_s']} s, load {run['load_before']}; not malicious: {run['not_malicious']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
