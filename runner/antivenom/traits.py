"""Package-level techniques no single rule can see.

`behaviour-overlap` (Guo et al.): malicious lines mixed into a working copy of
a real library, so that its legitimate code masks them. Most malicious packages
are the opposite — small and dense (in over half, more than 50% of the code is
malicious). So when a package has findings of at least MEDIUM confidence but
they touch under OVERLAP_MAX_SHARE of its Python lines, and it has a real body
of code, the package is reported with the technique.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .content import ContentFile
from .model import Package

PACKAGE_TECHNIQUES = ("behaviour-overlap",)  # produced here, not by a rule
OVERLAP_MIN_CODE_LINES = 40
OVERLAP_MAX_SHARE = 0.2


def _code_lines(read: Callable[[Path], bytes], path: Path) -> int:
    try:
        text = read(path)
    except OSError:
        return 0
    return sum(1 for line in text.splitlines() if line.strip() and not line.lstrip().startswith(b"#"))


def apply(package: Package, files: list[ContentFile], read: Callable[[Path], bytes] = Path.read_bytes) -> None:
    """Add the package-level techniques; `read` gives a file's bytes (the chunk's content store)."""
    strong = [f for f in package.findings if not f.suppressed and f.confidence in ("HIGH", "MEDIUM")
              and f.path.endswith(".py")]
    if not strong:
        return
    total = sum(_code_lines(read, f.path) for f in files if f.path.suffix == ".py")
    touched = {(f.path, line) for f in strong for line in range(f.line or 1, (f.end_line or f.line or 1) + 1)}
    if total >= OVERLAP_MIN_CODE_LINES and len(touched) / total < OVERLAP_MAX_SHARE:
        package.techniques.append("behaviour-overlap")
        package.traits_reason = (f"findings touch {len(touched)} of {total} lines of Python: malicious code mixed "
                                 "into a body of ordinary code")
