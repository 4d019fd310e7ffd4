"""What any token prefilter must still hand Semgrep, and what Semgrep's parsing of it costs alone.

    python bench/semgrep_floor.py DIR [--sample 100] [--seed 17] [--cores 2] [-o out.json]

A bound, not a timing of antivenom: how fast can a scan be whose findings stay those of the
Semgrep pack? Semgrep must at least parse every file that holds a token some rule needs. On the
same seeded sample as bench/compare.py (never extracted to disk, never run):

- the bytes Semgrep could read, and the share the prefilter keeps (engines/prefilter.py);
- the share an *ideal* token prefilter would keep: the same conditions matched against the
  file's code tokens only, strings and comments dropped (Python's tokenize; optimistic on
  purpose - f-string expressions and rules that need a string literal are dropped too);
- the CPU seconds Semgrep spends parsing the prefilter's Python files once each (other files
  kept for the generic rules are left out: the bound only gets lower) (one rule with no
  literal and almost no match, `--time`, one job), against a budget: the read-every-byte
  floor x 10 x cores, i.e. what issue #17's "10x the floor" allows on this machine at
  perfect parallelism.
"""

from __future__ import annotations

import argparse
import fnmatch
import hashlib
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tokenize
from pathlib import Path

from antivenom.engines.prefilter import Prefilter
from antivenom.engines.semgrep_process import build_command, generic_includes, load_rules, semgrep_env
from antivenom.rule_metadata import semgrep_dir, semgrep_rule_files

sys.path.insert(0, str(Path(__file__).resolve().parent))
from compare import sample
from prefilter_reach import CODE, members
from throughput import floor_seconds

# No literal (Semgrep's own prefilter keeps every file), a shape almost no code has: the time
# is the parse, not matching or writing findings.
PARSE_ONLY_RULE = """rules:
  - id: parse-only
    languages: [python]
    severity: INFO
    message: parse only
    pattern: $F($X, $X, $X, $X, $X, $X, $X)
"""
PARSE_TIMEOUT = 3600  # seconds per file and rule


def code_tokens(data: bytes) -> bytes:
    """The file's tokens without strings and comments; the file itself where tokenize fails."""
    try:
        return b" ".join(t.string.encode() for t in tokenize.tokenize(io.BytesIO(data).readline)
                         if t.type not in (tokenize.STRING, tokenize.COMMENT, tokenize.ENCODING))
    except (tokenize.TokenError, SyntaxError, UnicodeDecodeError, ValueError):
        return data


def semgrep_parse_seconds(folder: Path) -> dict:
    """Semgrep's own parse time (sum over files), its scan time, and the process's CPU seconds."""
    rule = folder.parent / "parse-only.yaml"
    rule.write_text(PARSE_ONLY_RULE)
    # the engine's own command and environment (no size cap, a timeout no parse reaches), plus --time
    command = build_command(rule, [str(folder)], 1, PARSE_TIMEOUT, 0)
    command.insert(-1, "--time")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(command, capture_output=True, env=semgrep_env(), check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    timing = json.loads(done.stdout)["time"]
    parse = sum(max(t.get("parse_times") or [0.0]) for t in timing["targets"])
    parsed = sum(t["num_bytes"] for t in timing["targets"] if max(t.get("parse_times") or [0.0]) > 0)
    return {"parse_s": round(parse, 1), "bytes_parsed": parsed,
            "process_cpu_s": round(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("directory", type=Path)
    parser.add_argument("--sample", type=int, default=100)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--cores", type=int, default=os.cpu_count() or 1)
    parser.add_argument("-o", "--output", type=Path)
    args = parser.parse_args()

    rules = load_rules(semgrep_rule_files(semgrep_dir()))
    prefilter = Prefilter(rules)
    globs = [g.rsplit("/", 1)[-1] for g in generic_includes(rules)]
    archives = sample(args.directory.expanduser(), args.sample, args.seed)
    load_before = os.getloadavg()[0]
    floor, _ = floor_seconds(archives)
    counts = {"files": 0, "bytes": 0, "kept_files": 0, "kept_bytes": 0, "kept_bytes_code_tokens_only": 0,
              "kept_unique_python_bytes": 0}
    with tempfile.TemporaryDirectory(prefix="semgrep-floor-") as tmp:
        tree = Path(tmp) / "kept"
        tree.mkdir()
        written: set[str] = set()
        per_package: list[int] = []  # Python bytes each package hands Semgrep (copies within it once)
        for archive in archives:
            mine: set[str] = set()
            per_package.append(0)
            for name, data in members(archive):
                base = name.rsplit("/", 1)[-1]
                if not (base.endswith(CODE) or any(fnmatch.fnmatchcase(base, g) for g in globs)):
                    continue
                if b"\0" in data and base.endswith((".py", ".pyi")):
                    continue  # never given to Semgrep
                counts["files"] += 1
                counts["bytes"] += len(data)
                if not prefilter.rules_for(data, base):
                    continue
                counts["kept_files"] += 1
                counts["kept_bytes"] += len(data)
                if prefilter.rules_for(code_tokens(data), base):
                    counts["kept_bytes_code_tokens_only"] += len(data)
                digest = hashlib.sha256(data).hexdigest()
                if base.endswith((".py", ".pyi", ".pyw")) and digest not in mine:
                    mine.add(digest)
                    per_package[-1] += len(data)
                if base.endswith((".py", ".pyi", ".pyw")) and digest not in written:  # the engine scans a copy once
                    written.add(digest)
                    counts["kept_unique_python_bytes"] += len(data)
                    (tree / f"{digest[:20]}{Path(base).suffix}").write_bytes(data)
        started = time.perf_counter()
        parse = semgrep_parse_seconds(tree)
        parse["wall_s"] = round(time.perf_counter() - started, 1)
    budget = floor * 10 * args.cores
    seconds_per_byte = parse["parse_s"] / max(parse["bytes_parsed"], 1)
    median_bytes = statistics.median(per_package) if per_package else 0
    result = {
        "directory": str(args.directory), "packages": len(archives), "seed": args.seed, **counts,
        "kept_share": round(counts["kept_bytes"] / max(counts["bytes"], 1), 3),
        "kept_share_code_tokens_only": round(counts["kept_bytes_code_tokens_only"] / max(counts["bytes"], 1), 3),
        "unique_python_files_parsed": len(written), "semgrep": parse,
        "floor_s": round(floor, 2), "cores": args.cores,
        "budget_cpu_s_at_10x_floor": round(budget, 1),
        "parse_share_of_budget": round(parse["parse_s"] / budget, 2),
        # one package at a time (issue #17's per-package median): its parse alone, start-up aside
        "median_package_python_bytes": median_bytes,
        "median_package_parse_s": round(median_bytes * seconds_per_byte, 3),
        "load_before": round(load_before, 2), "load_after": round(os.getloadavg()[0], 2),
    }
    print(json.dumps(result, indent=2))
    if args.output:
        args.output.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
