"""Regenerate runner/antivenom/data/popular-names.txt: the N most downloaded PyPI names.

The typosquat signal (runner/antivenom/evidence.py) flags a package whose name is one
edit away from one of these. Input: a TSV with columns name, version, month,
rank_among_15000_most_downloaded (the tool library's env/packages/pypi.tsv).

    python scripts/refresh_popular_names.py PYPI.tsv [--top 5000]
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "runner" / "antivenom" / "data" / "popular-names.txt"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ranked_tsv")
    parser.add_argument("--top", type=int, default=5000)
    parser.add_argument("--output", type=Path, default=OUT)
    args = parser.parse_args()
    ranked = []
    with open(args.ranked_tsv, newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            rank = row.get("rank_among_15000_most_downloaded") or ""
            if rank.isdigit() and int(rank) <= args.top:
                ranked.append((int(rank), re.sub(r"[-_.]+", "-", row["name"]).lower()))
    ranked.sort()
    lines = [f"# the {args.top} most downloaded PyPI names, canonical form, by rank; "
             "scripts/refresh_popular_names.py"] + [name for _, name in ranked]
    args.output.write_text("\n".join(lines) + "\n")
    print(f"{len(ranked)} names -> {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
