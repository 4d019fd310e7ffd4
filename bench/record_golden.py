"""Reduce a JSON scan report to a compact golden file, and compare two of them.

A golden file pins what a refactoring must not change: per target, its verdict,
score and the sorted (rule_id, path, line, attack_vector) of its findings.
Rule changes move it on purpose; regenerate it then (CONTRIBUTING.md, "Golden files"):

    antivenom scan corpus/malicious/* corpus/benign/* --format json --exit-zero -o /tmp/corpus.json
    python bench/record_golden.py /tmp/corpus.json --marker corpus/ -o tests/golden/corpus.json

    antivenom scan ../shared/malregistry-dev --format json --exit-zero -o /tmp/mal.json
    python bench/record_golden.py /tmp/mal.json --marker malregistry-dev/ -o bench/results/golden-malregistry.json

Targets are keyed by the part of their path after `--marker`, so a golden file does not
depend on the directory the scan ran from. Packages whose scan hit a timeout (load-dependent
on a shared machine) are marked `timed_out`, and `compare` leaves them out.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

_TIMEOUT_MARKERS = ("Timeout", "timed out", "stopped after")


def key_of(target: str, marker: str) -> str:
    return target.rpartition(marker)[2] if marker in target else target


def reduce_package(package: dict) -> dict:
    findings = sorted(
        ([f["rule_id"], f["path"], f["line"], f["attack_vector"]] for f in package["findings"]),
        key=lambda f: (f[0], f[1], f[2] if f[2] is not None else -1, f[3]),
    )
    reduced = {"verdict": package["verdict"], "score": package["score"], "findings": findings}
    if any(m in s["reason"] for s in package.get("skipped", []) for m in _TIMEOUT_MARKERS):
        reduced["timed_out"] = True
    return reduced


def reduce_packages(packages: list[dict], marker: str) -> dict[str, dict]:
    """One entry per target; a target that gave several packages (an sdist and its wheel) is keyed
    `target#n` in report order."""
    golden: dict[str, dict] = {}
    for package in packages:
        key = key_of(package["target"], marker)
        shown, n = key, 1
        while shown in golden:
            n += 1
            shown = f"{key}#{n}"
        golden[shown] = reduce_package(package)
    return dict(sorted(golden.items()))


def compare(expected: dict[str, dict], got: dict[str, dict]) -> list[str]:
    """Every difference, one line each; targets that timed out on either side are left out."""
    problems = []
    for key in sorted(set(expected) | set(got)):
        want, have = expected.get(key), got.get(key)
        if want is None or have is None:
            problems.append(f"{key}: {'missing from the new report' if have is None else 'not in the golden file'}")
            continue
        if want.get("timed_out") or have.get("timed_out"):
            continue
        for field in ("verdict", "score"):
            if want[field] != have[field]:
                problems.append(f"{key}: {field} {want[field]!r} -> {have[field]!r}")
        if want["findings"] != have["findings"]:
            lost = [f for f in want["findings"] if f not in have["findings"]]
            new = [f for f in have["findings"] if f not in want["findings"]]
            problems.append(f"{key}: findings lost {lost}, new {new}")
    return problems


def dump(marker: str, reduced: dict[str, dict]) -> str:
    """One target per line: small diffs when a rule change moves a few."""
    rows = ",\n".join(f"  {json.dumps(k, ensure_ascii=False)}: {json.dumps(v, ensure_ascii=False)}"
                       for k, v in reduced.items())
    return f'{{\n "marker": {json.dumps(marker)},\n "packages": {{\n{rows}\n }}\n}}\n'


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("report", type=Path, help="a JSON report (antivenom scan --format json)")
    parser.add_argument("--marker", required=True, help="keys are the target path after this string")
    parser.add_argument("-o", "--output", type=Path, help="write the golden file here")
    parser.add_argument("--compare", type=Path, help="compare with this golden file instead; exit 1 on a difference")
    args = parser.parse_args(argv)
    reduced = reduce_packages(json.loads(args.report.read_text())["packages"], args.marker)
    if args.compare:
        problems = compare(json.loads(args.compare.read_text())["packages"], reduced)
        print("\n".join(problems) + ("\n" if problems else "") + f"{len(problems)} difference(s)")
        return 1 if problems else 0
    text = dump(args.marker, reduced)
    if args.output:
        args.output.write_text(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
