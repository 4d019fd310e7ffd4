"""Package-level evidence no single rule can see.

Cross-function flows (flows.py): host facts gathered in one function and sent from
another are added as `flow` findings, with their attack vector, before the verdict.

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

from . import flows
from .content import ContentFile
from .model import Package
from .vectors import VectorClassifier

PACKAGE_TECHNIQUES = ("behaviour-overlap",)  # produced here, not by a rule
OVERLAP_MIN_CODE_LINES = 40
OVERLAP_MAX_SHARE = 0.2


def _code_lines(read: Callable[[Path], bytes], path: Path) -> int:
    try:
        text = read(path)
    except OSError:
        return 0
    return sum(1 for line in text.splitlines() if line.strip() and not line.lstrip().startswith(b"#"))


def add_flows(package: Package, files: list[ContentFile], read: Callable[[Path], bytes] = Path.read_bytes) -> None:
    """Findings for host facts that cross function boundaries to a sink (see flows.py)."""
    if package.root is None:
        return
    by_rel = {f.rel: f.path for f in files if f.path.suffix in (".py", ".pyw")}
    relative = list(by_rel)
    vectors: VectorClassifier | None = None
    for path in relative:
        try:
            source = read(by_rel[path])
        except OSError:
            continue
        if not flows.may_have_sources(source):
            continue
        for finding in flows.findings(path, source):
            if vectors is None:
                vectors = VectorClassifier(lambda rel: _read_rel(read, by_rel, rel), relative)
            finding.attack_vector, finding.vector_reason = vectors.classify(path, finding.line)
            finding.auxiliary = vectors.is_auxiliary(path)
            package.findings.append(finding)


def _read_rel(read: Callable[[Path], bytes], by_rel: dict[str, Path], rel: str) -> bytes:
    """A file by its package path; one the package lacks (no setup.py) is an OSError, as the classifier expects."""
    if rel not in by_rel:
        raise FileNotFoundError(rel)
    return read(by_rel[rel])


def apply(package: Package, files: list[ContentFile], read: Callable[[Path], bytes] = Path.read_bytes) -> None:
    """Add the flow findings and the package-level techniques; `read` gives a file's bytes (the content store)."""
    add_flows(package, files, read)
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
