"""How much of a set Semgrep still reads behind the prefilter: a load-independent measure.

    python bench/prefilter_reach.py DIR [--sample 100] [--seed 17] [-o out.json]

The same seeded sample as bench/compare.py. Every member of every archive is read (never
extracted to disk, never run); the members Semgrep could read (.py/.pyi/.pth/.pyw, and the
generic rules' includes by name) are matched by the prefilter. Reported: files and bytes
Semgrep reads without and with the prefilter, and rule-file pairs (the work Semgrep does),
with the rules that are met most often.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import tarfile
import time
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from antivenom.engines.prefilter import Prefilter
from antivenom.engines.semgrep_process import generic_includes, load_rules
from antivenom.rule_metadata import semgrep_dir, semgrep_rule_files
from compare import sample

CODE = (".py", ".pyi", ".pth", ".pyw")


def members(archive: Path) -> Iterator[tuple[str, bytes]]:
    try:
        if zipfile.is_zipfile(archive):
            with zipfile.ZipFile(archive) as zf:
                for info in zf.infolist():
                    if not info.is_dir():
                        yield info.filename, zf.read(info)
        else:
            with tarfile.open(archive, "r|*") as tar:
                for member in tar:
                    handle = tar.extractfile(member) if member.isfile() else None
                    if handle is not None:
                        yield member.name, handle.read()
    except Exception:  # a corrupt archive is the scan's business, not this count's
        return


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("directory", type=Path)
    parser.add_argument("--sample", type=int, default=100)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("-o", "--output", type=Path)
    args = parser.parse_args()

    rules = load_rules(semgrep_rule_files(semgrep_dir()))
    prefilter = Prefilter(rules)
    globs = [g.rsplit("/", 1)[-1] for g in generic_includes(rules)]
    files = size = kept_files = kept_size = pairs = 0
    met: Counter[str] = Counter()
    started = time.perf_counter()
    matching = 0.0
    for archive in sample(args.directory.expanduser(), args.sample, args.seed):
        for name, data in members(archive):
            base = name.rsplit("/", 1)[-1]
            if not (base.endswith(CODE) or any(fnmatch.fnmatchcase(base, g) for g in globs)):
                continue
            files += 1
            size += len(data)
            if b"\0" in data and base.endswith((".py", ".pyi")):
                continue  # never given to Semgrep either way
            t = time.perf_counter()
            needed = prefilter.rules_for(data, base)
            matching += time.perf_counter() - t
            if needed:
                kept_files += 1
                kept_size += len(data)
                pairs += len(needed)
                met.update(needed)
    result = {
        "directory": str(args.directory), "packages": args.sample, "seed": args.seed,
        "semgrep_files_without": files, "semgrep_bytes_without": size,
        "semgrep_files_with": kept_files, "semgrep_bytes_with": kept_size,
        "rule_file_pairs_without": files * len(prefilter.all), "rule_file_pairs_with": pairs,
        "prefilter_seconds": round(matching, 2), "wall_s": round(time.perf_counter() - started, 2),
        "rules_met_most": met.most_common(12),
    }
    print(json.dumps(result, indent=2))
    if args.output:
        args.output.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
