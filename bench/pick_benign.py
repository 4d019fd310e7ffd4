"""Regenerate bench/benign_packages.txt from a ranked list of popular PyPI packages.

The 300 most downloaded are reserved for an outside check, so the benign set is
taken from the ranks after them. Input: a TSV with columns
name, version, month, rank (the tool library's env/packages/pypi.tsv).

    python bench/pick_benign.py RANKED.tsv --first 301 --count 200 > bench/benign_packages.txt
"""

from __future__ import annotations

import argparse
import csv
import sys


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ranked_tsv")
    parser.add_argument("--first", type=int, default=301)
    parser.add_argument("--count", type=int, default=200)
    args = parser.parse_args()
    rows = []
    with open(args.ranked_tsv, newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            rank = row.get("rank_among_15000_most_downloaded") or ""
            if rank.isdigit() and int(rank) >= args.first and row["version"]:
                rows.append((int(rank), row["name"], row["version"]))
    rows.sort()
    print(f"# benign benchmark set: PyPI ranks {args.first}..; name==version rank")
    for rank, name, version in rows[: args.count]:
        print(f"{name}=={version}  # rank {rank}")


if __name__ == "__main__":
    sys.exit(main())
