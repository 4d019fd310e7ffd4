"""Does a rule's declared prefilter (`metadata.prefilter`) keep every real match from Semgrep?

    python bench/declared_prefilter.py DIR [DIR...] [--sample 0] [--rule ID ...] [-o out.json]

A declared regex narrows what the rule's patterns give (engines/prefilter.py ANDs the two).
For each rule that declares one (or each --rule): every Python member of the archives that
meets the rule's *derived* condition alone (what Semgrep received before the declaration) is
written to a scratch folder (read as bytes, never extracted to a path of its own, never run)
and given to Semgrep with that rule, with the engine's own flags, no size cap and a timeout
no rule reaches. Each file Semgrep matches must meet the rule's whole condition; a match it
would drop is printed and makes the exit status 1. Also reported: how many files each rule now reads, before and after.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml
from antivenom.engines.prefilter import derived_condition, holds, rule_condition
from antivenom.engines.semgrep_process import build_command, load_rules, semgrep_env
from antivenom.rule_metadata import semgrep_dir, semgrep_rule_files
from compare import sample
from prefilter_reach import members

CODE = (".py", ".pyw")
NO_TIMEOUT = 3600  # seconds per file and rule


def declared_rules(wanted: list[str]) -> list[dict]:
    rules = load_rules(semgrep_rule_files(semgrep_dir()))
    if wanted:
        missing = set(wanted) - {r["id"] for r in rules}
        if missing:
            raise SystemExit(f"no such rule: {', '.join(sorted(missing))}")
        return [r for r in rules if r["id"] in wanted]
    return [r for r in rules if (r.get("metadata") or {}).get("prefilter")]


def check(rule: dict, files: list[Path], scratch: Path) -> dict:
    """Semgrep with the rule alone over the files its derived condition admits."""
    config = scratch / f"{rule['id']}.yaml"
    config.write_text(yaml.safe_dump({"rules": [rule]}), encoding="utf-8")
    matched: set[str] = set()
    for start in range(0, len(files), 500):  # keep the command line short
        # no size cap and a timeout no rule reaches (as bench/semgrep_floor.py): every match counts
        command = build_command(config, [str(f) for f in files[start:start + 500]], 1, NO_TIMEOUT, 0)
        out = subprocess.run(command, capture_output=True, text=True, env=semgrep_env(), check=False).stdout
        matched |= {r["path"] for r in json.loads(out or "{}").get("results", [])}
    condition = rule_condition(rule)
    lost = sorted(p for p in matched if not holds(condition, Path(p).read_bytes()))
    kept = sum(holds(condition, f.read_bytes()) for f in files)
    return {"rule": rule["id"], "files_derived_only": len(files), "files_now": kept,
            "files_with_a_match": len(matched), "matches_dropped": len(lost), "dropped": lost}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directories", nargs="+", type=Path)
    parser.add_argument("--sample", type=int, default=0, help="archives per folder (seeded); 0 = all")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--rule", action="append", default=[], help="a rule id (default: every rule that declares)")
    parser.add_argument("-o", "--output", type=Path)
    args = parser.parse_args()

    rules = declared_rules(args.rule)
    results = []
    with tempfile.TemporaryDirectory(prefix="declared-prefilter-") as tmp:
        scratch = Path(tmp)
        admitted: dict[str, list[Path]] = {rule["id"]: [] for rule in rules}
        derived = {rule["id"]: derived_condition(rule) for rule in rules}
        count = 0
        for directory in args.directories:
            for archive in sample(directory.expanduser(), args.sample, args.seed):
                for name, data in members(archive):
                    if not name.endswith(CODE) or b"\0" in data:
                        continue
                    needing = [rid for rid, cond in derived.items() if holds(cond, data)]
                    if needing:
                        path = scratch / f"{count}.py"  # a number, never the member's own name
                        path.write_bytes(data)
                        count += 1
                        for rid in needing:
                            admitted[rid].append(path)
        for rule in rules:
            result = check(rule, admitted[rule["id"]], scratch)
            results.append(result)
            print(f"{result['rule']}: {result['files_derived_only']} -> {result['files_now']} files; "
                  f"{result['files_with_a_match']} with a match, {result['matches_dropped']} dropped")
    if args.output:
        args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 1 if any(r["matches_dropped"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
