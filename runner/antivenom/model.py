"""The data the runner passes between stages: packages, findings, reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .bounded import printable


@dataclass
class Finding:
    rule_id: str
    engine: str  # "semgrep" | "yara"
    path: str  # relative to the package root, POSIX separators
    line: int | None
    behaviours: list[str]
    techniques: list[str]
    severity: str  # "ERROR" | "WARNING" | "INFO"
    confidence: str  # "HIGH" | "MEDIUM" | "LOW"
    message: str
    evidence: str
    attack_vector: str = "runtime"
    vector_reason: str = ""
    offset: int | None = None
    end_line: int | None = None
    suppressed: str | None = None  # the reason, when a user's ignore entry matched
    auxiliary: bool = False  # in a test/example/CI file install and import never run (vectors.py)
    # Found in a decoded layer (peel): the chain of (path, line, transforms) from the real file down
    decoded_from: list[dict] | None = None

    def decoded_summary(self) -> str:
        """`setup.py:12 base64→zlib, setup.py::peel/1:3 base64`: where each layer sits and how it was decoded."""
        steps = [s for s in self.decoded_from or [] if s.get("transforms")]
        return ", ".join((f"{s['path']}:{s['line']}" if s.get("line") else s["path"]) + " " + "→".join(s["transforms"])
                         for s in steps)

    def to_dict(self) -> dict:
        return {
            "rule_id": self.rule_id,
            "engine": self.engine,
            "path": self.path,
            "line": self.line,
            "end_line": self.end_line,
            "offset": self.offset,
            "behaviours": self.behaviours,
            "techniques": self.techniques,
            "attack_vector": self.attack_vector,
            "vector_reason": self.vector_reason,
            "auxiliary": self.auxiliary,
            "severity": self.severity,
            "confidence": self.confidence,
            "message": self.message,
            "evidence": self.evidence,
            "suppressed": self.suppressed,
            **({"decoded_from": self.decoded_from} if self.decoded_from else {}),
        }


@dataclass
class Skip:
    """A file the scan did not fully read, and why: never a silent hole."""

    path: str
    reason: str

    def to_dict(self) -> dict:
        return {"path": self.path, "reason": self.reason}


@dataclass
class Package:
    """One unit of the report: a directory or one archive."""

    target: str  # what the user named (a path, pypi:NAME, a requirements line)
    source: Path | None = None  # local directory or archive; None until fetched
    name: str | None = None
    version: str | None = None
    root: Path | None = None  # directory whose files are scanned (extracted or given)
    error: str | None = None
    findings: list[Finding] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    files_scanned: int = 0
    verdict: str = "clean"
    score: int = 0
    verdict_reason: str = ""
    techniques: list[str] = field(default_factory=list)  # package-level, see traits.py
    traits_reason: str = ""
    reasons: list[str] = field(default_factory=list)  # every verdict row that fired (evidence.py)
    # Why the package was not fully read (a code file an engine skipped or did not finish, an
    # unreadable entry): never a pass, see README "What a scan guarantees". Empty: complete.
    incomplete: list[str] = field(default_factory=list)
    origin: tuple[str, int] | None = None  # (dependency file, 1-based line) the package was declared at
    unpinned: bool = False  # a requirement without an exact pin: the newest release was scanned

    MAX_INCOMPLETE_REASONS = 20

    def mark_incomplete(self, reason: str) -> None:
        """Add a reason (bounded; at most MAX_INCOMPLETE_REASONS kept, then a count)."""
        if len(self.incomplete) < self.MAX_INCOMPLETE_REASONS:
            self.incomplete.append(printable(reason, 300))
        elif len(self.incomplete) == self.MAX_INCOMPLETE_REASONS:
            self.incomplete.append("more reasons left out")

    def bound(self) -> None:
        """Cut every attacker-controlled string to a bounded, UTF-8-safe size before a report shows it."""
        self.target = printable(self.target)
        self.name = printable(self.name, 200) if self.name is not None else None
        self.version = printable(self.version, 100) if self.version is not None else None
        self.error = printable(self.error) if self.error is not None else None
        self.verdict_reason = printable(self.verdict_reason)
        self.traits_reason = printable(self.traits_reason)
        for skip in self.skipped:
            skip.path, skip.reason = printable(skip.path, 1000), printable(skip.reason)
        for finding in self.findings:
            finding.path = printable(finding.path, 1000)
            finding.message = printable(finding.message, 1000)
            finding.evidence = printable(finding.evidence, 1000)

    @property
    def fetched(self) -> bool:
        """Downloaded by the runner (into a temporary folder), not a path the user named."""
        return self.source is not None and Path(self.target) != self.source

    def source_label(self) -> str | None:
        """The source for reports: a fetched package's archive by file name, never its temporary path."""
        if self.source is None:
            return None
        return self.source.name if self.fetched else str(self.source)

    def to_dict(self) -> dict:
        return {
            "target": self.target,
            "source": self.source_label(),
            "name": self.name,
            "version": self.version,
            "verdict": self.verdict,
            "score": self.score,
            "verdict_reason": self.verdict_reason,
            "reasons": self.reasons,
            "error": self.error,
            "files_scanned": self.files_scanned,
            "techniques": self.techniques,
            "traits_reason": self.traits_reason,
            "incomplete": bool(self.incomplete),
            "incomplete_reasons": self.incomplete,
            "findings": [f.to_dict() for f in self.findings],
            "skipped": [s.to_dict() for s in self.skipped],
            "origin": {"file": self.origin[0], "line": self.origin[1]} if self.origin else None,
            "unpinned": self.unpinned,
        }
