"""Fetch the pinned benign benchmark set into a cache, with antivenom's own index client.

pip is not used: `pip download` of an sdist runs its setup.py to read metadata.
Each release's sdist and one wheel are stored as CACHE/<name>/<file>, and
CACHE/index.jsonl labels them `benign`, so `antivenom eval CACHE` measures them.

    python bench/fetch_benign.py [--list bench/benign_packages.txt] [--cache DIR] [--eval]
"""

from __future__ import annotations

import argparse
import json
import subprocess
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


def fetch_one(client: IndexClient, cache: Path, name: str, version: str) -> tuple[list[dict], str | None]:
    """Download one release's files; a file over the size cap is skipped (and said), the others kept."""
    rows, problems = [], []
    try:
        release_files = client.release_files(name, version)
    except IndexError_ as exc:
        return [], f"{name}=={version}: {exc}"
    for release_file in release_files:
        try:
            local = client.download(release_file, cache / name)
        except IndexError_ as exc:
            problems.append(f"{name}=={version}: {exc}")
            continue
        rows.append({"name": name, "version": version, "path": local.relative_to(cache).as_posix(),
                     "sha256": release_file.sha256, "label": "benign"})
    return rows, "; ".join(problems) or None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", type=Path, default=HERE / "benign_packages.txt")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--index-url", default=DEFAULT_INDEX_URL)
    parser.add_argument("--max-mb", type=int, default=60, help="skip files larger than this")
    parser.add_argument("--eval", action="store_true", help="then run `antivenom eval` over the cache")
    args = parser.parse_args()
    client = IndexClient(args.index_url, max_bytes=args.max_mb * 1024 * 1024)
    pins = pinned(args.list)
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda p: fetch_one(client, args.cache, *p), pins))
    failures = [failure for rows, failure in results if failure and not rows]
    for rows, failure in results:
        if failure:
            print("skipped:" if not rows else "partly skipped:", failure, file=sys.stderr)
    index = [json.dumps(row) for rows, _ in results for row in rows]
    (args.cache / "index.jsonl").write_text("\n".join(index) + "\n")
    print(f"{len(pins) - len(failures)} of {len(pins)} releases ({len(index)} files) in {args.cache}")
    if args.eval:
        out = HERE / "results" / "benign-eval.json"
        out.parent.mkdir(exist_ok=True)
        command = ["antivenom", "eval", str(args.cache), "--format", "json", "--output", str(out), "--quiet"]
        print("$", " ".join(command))
        status = subprocess.run(command, check=False).returncode
        print(f"results in {out}")
        return status
    return 0


if __name__ == "__main__":
    sys.exit(main())
