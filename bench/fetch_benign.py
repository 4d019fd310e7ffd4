"""Fetch the pinned benign benchmark set into a cache, with antivenom's own index client.

pip is not used: `pip download` of an sdist runs its setup.py to read metadata.
Each release's sdist and one wheel are stored as CACHE/<name>/<file>.

    python bench/fetch_benign.py [--list bench/benign_packages.txt] [--cache DIR]
"""

from __future__ import annotations

import argparse
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from antivenom.index_client import DEFAULT_INDEX_URL, IndexClient, IndexError_
from packaging.requirements import Requirement

HERE = Path(__file__).resolve().parent
DEFAULT_CACHE = Path.home() / ".cache" / "antivenom" / "benign"


def pinned(list_path: Path) -> list[tuple[str, str]]:
    pins = []
    for raw in list_path.read_text().splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            req = Requirement(line)
            (spec,) = req.specifier
            pins.append((req.name, spec.version))
    return pins


def fetch_one(client: IndexClient, cache: Path, name: str, version: str) -> str | None:
    try:
        for release_file in client.release_files(name, version):
            client.download(release_file, cache / name)
    except IndexError_ as exc:
        return f"{name}=={version}: {exc}"
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", type=Path, default=HERE / "benign_packages.txt")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--index-url", default=DEFAULT_INDEX_URL)
    parser.add_argument("--max-mb", type=int, default=60, help="skip files larger than this")
    args = parser.parse_args()
    client = IndexClient(args.index_url, max_bytes=args.max_mb * 1024 * 1024)
    pins = pinned(args.list)
    with ThreadPoolExecutor(max_workers=8) as pool:
        failures = [f for f in pool.map(lambda p: fetch_one(client, args.cache, *p), pins) if f]
    for failure in failures:
        print("skipped:", failure, file=sys.stderr)
    print(f"{len(pins) - len(failures)} of {len(pins)} releases in {args.cache}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
