"""Per-rule hit rates on the dev malware and the benign dev set, from recorded JSON reports.

Confidence is earned: tests/test_rule_calibration.py fails when a rule's declared
confidence contradicts its measured benign hit rate (see LIMITS). Rates are per
package *name* (an sdist and its wheel count once), counting findings in package
code (auxiliary test/example/CI files are counted apart: they never decide).

    antivenom eval DATASET --report REPORT.json ...        # once per set (or redecide a report)
    python bench/calibrate.py --malicious MAL.json --malicious-index ../shared/malregistry-dev/index.jsonl \\
        --benign BENIGN.json --benign-index ~/.cache/antivenom/benign-dev/index.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "results" / "rule-calibration.json"
# Highest share of benign package names a rule of this confidence may hit in package code.
LIMITS = {"HIGH": 0.005, "MEDIUM": 0.05, "LOW": 1.0}


def hits_by_name(report: Path, index: Path) -> tuple[dict[str, dict[str, set[str]]], int]:
    """rule -> {"code": names, "auxiliary": names}, and the number of the index's names the report holds."""
    names_by_path = {}
    for line in index.read_text().splitlines():
        if line.strip():
            row = json.loads(line)
            names_by_path[row["path"]] = row["name"]
    hits: dict[str, dict[str, set[str]]] = defaultdict(lambda: {"code": set(), "auxiliary": set()})
    scanned: set[str] = set()  # the denominator: names the report holds (a partial run holds fewer)
    for package in json.loads(report.read_text())["packages"]:
        parts = package["target"].split("/")
        name = next((names_by_path[p] for p in ("/".join(parts[i:]) for i in range(len(parts)))
                     if p in names_by_path), None)
        if name is None:
            continue
        scanned.add(name)
        for finding in package["findings"]:
            if not finding.get("suppressed"):
                hits[finding["rule_id"]]["auxiliary" if finding.get("auxiliary") else "code"].add(name)
    return hits, len(scanned)


def calibrate(mal: tuple, benign: tuple, metas: dict[str, dict]) -> dict:
    mal_hits, mal_names = mal
    ben_hits, ben_names = benign
    rules = {}
    for rule_id in sorted(set(metas) | set(mal_hits) | set(ben_hits)):
        meta = metas.get(rule_id, {})
        benign_code = len(ben_hits.get(rule_id, {}).get("code", ()))
        rules[rule_id] = {
            "confidence": meta.get("confidence"), "severity": meta.get("severity"), "kind": meta.get("kind"),
            "signal": meta.get("signal"),
            "malicious_names": len(mal_hits.get(rule_id, {}).get("code", set()) | mal_hits.get(rule_id, {}).get(
                "auxiliary", set())),
            "malicious_rate": (round(len(mal_hits.get(rule_id, {}).get("code", ())) / mal_names, 4)
                               if mal_names else None),
            "benign_names": benign_code,
            "benign_rate": round(benign_code / ben_names, 4) if ben_names else None,
            "benign_auxiliary_names": len(ben_hits.get(rule_id, {}).get("auxiliary", ())),
            "benign_examples": sorted(ben_hits.get(rule_id, {}).get("code", ()))[:8],
        }
    return {"malicious_names": mal_names, "benign_names": ben_names, "limits": LIMITS, "rules": rules}


def rule_metas() -> dict[str, dict]:
    from antivenom.rule_management import all_rules
    from antivenom.rule_metadata import semgrep_dir, yara_dir

    return {r.rule_id: {"confidence": r.confidence, "severity": r.severity, "kind": r.raw.get("kind"),
                        "signal": r.raw.get("signal")} for r in all_rules(semgrep_dir(), yara_dir())}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--malicious", type=Path, required=True)
    parser.add_argument("--malicious-index", type=Path, required=True)
    parser.add_argument("--benign", type=Path, required=True)
    parser.add_argument("--benign-index", type=Path, required=True)
    parser.add_argument("--output", type=Path, default=OUT)
    args = parser.parse_args()
    result = calibrate(hits_by_name(args.malicious, args.malicious_index),
                       hits_by_name(args.benign, args.benign_index), rule_metas())
    args.output.write_text(json.dumps(result, indent=1, sort_keys=True) + "\n")
    over = [(r, v) for r, v in result["rules"].items()
            if v["confidence"] and v["benign_rate"] is not None and v["benign_rate"] > LIMITS[v["confidence"]]]
    for rule_id, v in over:
        print(f"over its limit: {rule_id} {v['confidence']} benign {v['benign_rate']:.2%} "
              f"({v['benign_names']} names, e.g. {', '.join(v['benign_examples'][:4])})")
    print(f"{len(result['rules'])} rules -> {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
