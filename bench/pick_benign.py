"""Regenerate a pinned benign list from a ranked list of popular PyPI packages.

The 300 most downloaded are reserved for an outside check. The ranks after them
(301..5,000) are split by hash so the split is fixed and reproducible:
sha1(name.lower()) hex digest starting with 0-7 is the *dev* half (fetch and tune
on it), 8-f is *held out* (never fetch or tune on it). Input: a TSV with columns
name, version, month, rank (the tool library's env/packages/pypi.tsv).

    python bench/pick_benign.py RANKED.tsv --split dev --count 1100 > bench/benign_dev.txt
    python bench/pick_benign.py RANKED.tsv --first 301 --count 200 > bench/benign_packages.txt
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys

DEV_PREFIXES = frozenset("01234567")


def split_of(name: str) -> str:
    """'dev' or 'held-out', fixed by the first hex digit of sha1(name.lower())."""
    return "dev" if hashlib.sha1(name.lower().encode()).hexdigest()[0] in DEV_PREFIXES else "held-out"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ranked_tsv")
    parser.add_argument("--first", type=int, default=301)
    parser.add_argument("--last", type=int, default=5000)
    parser.add_argument("--count", type=int, default=200, help="take the first COUNT by rank (0 = all)")
    parser.add_argument("--split", choices=("all", "dev"), default="all",
                        help="dev: only names whose sha1(name.lower()) starts with 0-7")
    args = parser.parse_args()
    rows = []
    with open(args.ranked_tsv, newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            rank = row.get("rank_among_15000_most_downloaded") or ""
            if not (rank.isdigit() and args.first <= int(rank) <= args.last and row["version"]):
                continue
            if args.split == "dev" and split_of(row["name"]) != "dev":
                continue
            rows.append((int(rank), row["name"], row["version"]))
    rows.sort()
    chosen = rows[: args.count] if args.count else rows
    print(f"# benign benchmark set ({args.split}): PyPI ranks {args.first}..{args.last}, "
          f"{len(chosen)} of {len(rows)} eligible by rank; name==version rank")
    for rank, name, version in chosen:
        print(f"{name}=={version}  # rank {rank}")


if __name__ == "__main__":
    sys.exit(main())
