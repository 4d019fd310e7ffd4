"""antivenom's own rule files, recognised by their bytes, so scanning an environment that holds
antivenom does not report antivenom.

A YARA rule's strings match the rule's own text, and the Semgrep rules' regexes and
descriptions name what they detect, so the installed pack reads like malware to itself. Only a
file byte-identical to a rule file of the running pack is excused (its findings are marked
suppressed, never hidden): a rule file is data no interpreter runs, and a package cannot alter
one byte of it without losing the excuse. Candidates are picked by size first, so nothing else
is read for this.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from .rule_metadata import rules_root

REASON = "antivenom's own rule file (byte-identical to the running rule pack)"
_SUFFIXES = (".yaml", ".yml", ".yar", ".yara", ".json")


@functools.lru_cache(maxsize=4)
def _digests_by_size(root: Path) -> dict[int, frozenset[str]]:
    by_size: dict[int, set[str]] = {}
    for path in root.rglob("*"):
        if path.suffix in _SUFFIXES and path.is_file() and not path.is_symlink():
            data = path.read_bytes()
            by_size.setdefault(len(data), set()).add(hashlib.sha256(data).hexdigest())
    return {size: frozenset(digests) for size, digests in by_size.items()}


def is_own_rule_file(path: Path, root: Path | None = None) -> bool:
    """True when `path` holds exactly the bytes of one of the running pack's rule files."""
    try:
        if path.is_symlink() or not path.is_file():
            return False
        candidates = _digests_by_size(root or rules_root()).get(path.stat().st_size)
        return bool(candidates) and hashlib.sha256(path.read_bytes()).hexdigest() in candidates
    except OSError:
        return False
