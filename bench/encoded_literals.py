"""How many package names hold an encoded literal of 200+ characters, and how many of those
peel decodes to Python. Archives are read as data (tarfile/zipfile, in memory, capped):
nothing is extracted, installed, imported or run.

    nice -n 10 python bench/encoded_literals.py ../shared/malregistry-dev [--limit N] [--json out.json]

A name counts once, whatever its number of versions. "Encoded literal": a quoted run of 200+
characters of the base64/base32/hex alphabets (URL-safe too) in a Python file (.py, .pyw,
.pth, or setup.cfg-free text named *.py). "Decoded to Python": peel returns a derived file of
kind python or marshal-listing for that file.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tarfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

from antivenom.archives import is_archive
from antivenom.peel import peel_file

ENCODED = re.compile(rb"""(['"])[A-Za-z0-9+/=_\-\s\\]{200,}?\1""")
_ALPHABET = re.compile(rb"[A-Za-z0-9+/=_\-]{200,}")
MAX_MEMBER = 5 * 1024 * 1024
PY_SUFFIXES = (".py", ".pyw", ".pth")


def members(archive: Path) -> Iterator[tuple[str, bytes]]:
    """Python members of a tar or zip, read in memory with a per-member cap."""
    try:
        if zipfile.is_zipfile(archive):
            with zipfile.ZipFile(archive) as zf:
                for info in zf.infolist():
                    if info.filename.endswith(PY_SUFFIXES) and not info.is_dir() and info.file_size <= MAX_MEMBER:
                        with zf.open(info) as fh:
                            yield info.filename, fh.read(MAX_MEMBER + 1)
        else:
            with tarfile.open(archive, mode="r:*") as tf:
                for info in tf:
                    if info.isfile() and info.name.endswith(PY_SUFFIXES) and info.size <= MAX_MEMBER:
                        fh = tf.extractfile(info)
                        if fh is not None:
                            yield info.name, fh.read(MAX_MEMBER + 1)
    except (tarfile.TarError, zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError):
        return


def has_encoded_literal(data: bytes) -> bool:
    return any(_ALPHABET.search(m.group()) for m in ENCODED.finditer(data))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", type=Path)
    parser.add_argument("--limit", type=int, default=0, help="only the first N names (0: all)")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    by_name: dict[str, list[Path]] = {}
    for archive in sorted(p for p in args.dataset.rglob("*") if p.is_file() and is_archive(p)):
        by_name.setdefault(archive.relative_to(args.dataset).parts[0], []).append(archive)
    names = sorted(by_name)[: args.limit or None]
    with_literal: list[str] = []
    decoded: list[str] = []
    other: dict[str, set[str]] = {"binary": set(), "text": set()}  # decoded, but not to Python
    peel_seconds, peel_bytes, files_peeled = 0.0, 0, 0
    skip_reasons: dict[str, int] = {}
    started = time.perf_counter()
    for name in names:
        found_literal = found_python = False
        for archive in by_name[name]:
            for member, data in members(archive):
                if not has_encoded_literal(data):
                    continue
                found_literal = True
                t0 = time.perf_counter()
                result = peel_file(member.split("/", 1)[-1], data)
                peel_seconds += time.perf_counter() - t0
                peel_bytes += len(data)
                files_peeled += 1
                for _, reason in result.skipped:
                    key = re.sub(r"\d+", "N", reason)[:60]
                    skip_reasons[key] = skip_reasons.get(key, 0) + 1
                if any(d.kind in ("python", "marshal-listing") and "::peel/" in d.name for d in result.derived):
                    found_python = True
                for d in result.derived:
                    if d.kind in other:
                        other[d.kind].add(name)
            if found_python:
                break
        if found_literal:
            with_literal.append(name)
        if found_python:
            decoded.append(name)
    summary = {
        "names": len(names),
        "names_with_encoded_literal_200": len(with_literal),
        "of_those_peel_decodes_to_python": len(decoded),
        "share_decoded": round(len(decoded) / len(with_literal), 4) if with_literal else None,
        "of_the_rest_decoded_to_binary": len(other["binary"] - set(decoded)),
        "of_the_rest_decoded_to_text_only": len(other["text"] - other["binary"] - set(decoded)),
        "files_peeled": files_peeled,
        "peel_seconds": round(peel_seconds, 2),
        "peel_ms_per_mb": round(1000 * peel_seconds / (peel_bytes / 1e6), 1) if peel_bytes else None,
        "wall_seconds": round(time.perf_counter() - started, 1),
        "skip_reasons": dict(sorted(skip_reasons.items(), key=lambda kv: -kv[1])[:10]),
        "not_decoded_sample": sorted(set(with_literal) - set(decoded) - other["binary"] - other["text"])[:40],
    }
    print(json.dumps(summary, indent=2))
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
