"""Re-run the verdict on a recorded JSON scan report, without scanning again.

A scan report keeps every finding (rule, path, line, vector, auxiliary flag), so the
verdict model can be changed and measured in seconds. Rules or vectors changing still
needs a rescan. With --index (a dataset's index.jsonl) it prints recall per package
name, per family and for names first seen in 2025 or later; --benign lists the names
of a benign set reported malicious or suspicious, with the reason.

    python bench/redecide.py REPORT.json --index ../shared/malregistry-dev/index.jsonl
    python bench/redecide.py REPORT.json --benign
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

from antivenom.model import Finding, Package, Skip
from antivenom.verdict import decide, worst

FINDING_FIELDS = set(Finding.__dataclass_fields__)


def load_packages(report: Path) -> list[Package]:
    """Packages of a JSON report, with their findings, ready for decide()."""
    packages = []
    for row in json.loads(report.read_text())["packages"]:
        package = Package(target=row["target"], name=row.get("name"), version=row.get("version"),
                          error=row.get("error"), files_scanned=row.get("files_scanned", 0),
                          techniques=list(row.get("techniques", [])), traits_reason=row.get("traits_reason", ""))
        package.findings = [Finding(**{k: v for k, v in f.items() if k in FINDING_FIELDS}) for f in row["findings"]]
        package.skipped = [Skip(**s) for s in row.get("skipped", [])]
        packages.append(package)
    return packages


def redecide(packages: list[Package]) -> None:
    for package in packages:
        decide(package)


def by_index_row(packages: list[Package], index: Path) -> dict[str, tuple[dict, list[Package]]]:
    """Index rows (keyed by their path) with the packages scanned from each archive."""
    rows = {json.loads(line)["path"]: json.loads(line) for line in index.read_text().splitlines() if line.strip()}
    joined: dict[str, tuple[dict, list[Package]]] = {path: (row, []) for path, row in rows.items()}
    for package in packages:
        key = next((p for p in _suffixes(package.target) if p in joined), None)
        if key:
            joined[key][1].append(package)
    return joined


def _suffixes(target: str) -> list[str]:
    parts = target.split("/")
    return ["/".join(parts[i:]) for i in range(len(parts))]


def name_summary(joined: dict[str, tuple[dict, list[Package]]], families: dict[str, str]) -> dict:
    names: dict[str, list[str]] = defaultdict(list)
    first_seen: dict[str, str] = {}
    family_of: dict[str, str] = {}
    for path, (row, packages) in joined.items():
        names[row["name"]].append(worst([p.verdict for p in packages]) if packages else "error")
        first_seen[row["name"]] = min(first_seen.get(row["name"], "9999"), row.get("first_seen") or "9999")
        family_of.setdefault(row["name"], families.get(path, path))
    caught = {n for n, verdicts in names.items() if "malicious" in verdicts}
    recent = {n for n, seen in first_seen.items() if seen >= "2025"}
    fam_names: dict[str, set[str]] = defaultdict(set)
    for name, family in family_of.items():
        fam_names[family].add(name)
    fam_caught = sum(1 for members in fam_names.values() if members & caught)
    return {
        "names": len(names), "malicious_names": len(caught),
        "recent_names": len(recent), "recent_malicious": len(recent & caught),
        "older_names": len(names) - len(recent), "older_malicious": len(caught - recent),
        "families": len(fam_names), "families_caught": fam_caught,
        "best_verdict": Counter(worst(v) if v else "error" for v in
                                ([x for x in vs if x != "error"] or ["error"] for vs in names.values())),
        "missed": sorted(n for n in names if n not in caught),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", type=Path)
    parser.add_argument("--index", type=Path, help="dataset index.jsonl: per-name, per-family and 2025+ recall")
    parser.add_argument("--families", type=Path, help="JSON {index path: family} (bench/families.py)")
    parser.add_argument("--benign", action="store_true", help="list flagged packages of a benign set")
    parser.add_argument("--dataset", type=Path, help="with --eval-output: the dataset folder the report scanned")
    parser.add_argument("--eval-output", type=Path, help="write `antivenom eval --format json` output, re-decided")
    parser.add_argument("--show-missed", type=int, default=0, help="print this many missed names with reasons")
    args = parser.parse_args()
    packages = load_packages(args.report)
    redecide(packages)
    print(f"{len(packages)} packages:", dict(Counter(p.verdict for p in packages)))
    if args.index:
        families = json.loads(args.families.read_text()) if args.families else {}
        joined = by_index_row(packages, args.index)
        summary = name_summary(joined, families)
        pct = lambda a, b: f"{a}/{b} ({100 * a / b:.1f}%)" if b else "-"  # noqa: E731
        print("names malicious:", pct(summary["malicious_names"], summary["names"]))
        print("first seen 2025+:", pct(summary["recent_malicious"], summary["recent_names"]),
              " older:", pct(summary["older_malicious"], summary["older_names"]))
        print("families with a name caught:", pct(summary["families_caught"], summary["families"]))
        by_name = defaultdict(list)
        for row, pkgs in joined.values():
            by_name[row["name"]].extend(pkgs)
        for name in summary["missed"][: args.show_missed]:
            pkgs = by_name[name]
            reason = "; ".join(f"{p.verdict}: {p.verdict_reason}" for p in pkgs) or "not scanned"
            print(f"  missed {name}: {reason[:300]}")
    if args.eval_output and args.dataset:
        from antivenom.evaluation import evaluate, load_labels

        samples = load_labels(args.dataset)
        by_target: dict[str, list[Package]] = defaultdict(list)
        for package in packages:
            by_target[package.target].append(package)
        result = evaluate(samples, {s.key: by_target.get(str(s.target), []) for s in samples})
        args.eval_output.write_text(json.dumps(result, indent=2) + "\n")
        print(f"eval -> {args.eval_output}")
    if args.benign:
        names: dict[str, list[Package]] = defaultdict(list)
        for package in packages:
            names[package.target.split("/")[-2] if "/" in package.target else package.name or "?"].append(package)
        flagged = {n: ps for n, ps in names.items() if worst([p.verdict for p in ps]) in ("malicious", "suspicious")}
        mal = [n for n, ps in flagged.items() if worst([p.verdict for p in ps]) == "malicious"]
        print(f"benign names: {len(names)}; malicious {len(mal)} ({100 * len(mal) / max(1, len(names)):.2f}%); "
              f"suspicious {len(flagged) - len(mal)}")
        for name, pkgs in sorted(flagged.items()):
            top = max(pkgs, key=lambda p: ["clean", "suspicious", "malicious", "error"].index(p.verdict))
            print(f"  {top.verdict:<10} {name}: {top.verdict_reason[:200]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
