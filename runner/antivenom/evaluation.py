"""Measure the pack on a labelled set: the corpus (labels.yaml) or an archive dataset (index.jsonl).

Per category (verdict, each behaviour, technique and vector) it counts, over
samples, expected-and-reported (tp), reported-only (fp) and expected-only (fn).
For an archive dataset it also reports detection per package name, since one
family of near-identical archives would otherwise dominate the figures; per
*family* (names whose code hashes the same once names, versions, comments and
whitespace are taken out: see family_key), and for names first seen in 2025 or
later apart from the rest (malware written after the rules were).
"""

from __future__ import annotations

import hashlib
import json
import re
import tarfile
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .enums import Verdict
from .model import Package
from .schemas import errors

AXES = ("behaviours", "techniques", "attack_vectors")
FLAGGED = ("malicious",)


@dataclass
class Sample:
    """One labelled unit: where it is and what it must be reported as."""

    key: str  # corpus path or dataset archive path
    target: Path
    verdict: str
    name: str
    behaviours: list[str] = field(default_factory=list)
    techniques: list[str] = field(default_factory=list)
    attack_vectors: list[str] = field(default_factory=list)
    has_categories: bool = True
    known_misses: list[str] = field(default_factory=list)  # "verdict" or "<axis>:<id>", like todoruleid
    first_seen: str | None = None  # dataset rows: when the name was first published (YYYY-MM-DD)
    family: str | None = None  # dataset rows: family_key() of the archive, computed by evaluate()
    version: str | None = None


def load_labels(path: Path) -> list[Sample]:
    """Samples of a corpus folder (labels.yaml) or an archive dataset (index.jsonl)."""
    if (path / "labels.yaml").is_file():
        data = yaml.safe_load((path / "labels.yaml").read_text())
        problems = errors("corpus-labels.schema.json", data)
        if problems:
            raise ValueError(f"{path / 'labels.yaml'}: " + "; ".join(problems[:5]))
        return [Sample(s["path"], path / s["path"], s["verdict"], s["path"].split("/", 1)[1],
                       s["behaviours"], s["techniques"], s["attack_vectors"],
                       known_misses=s.get("known_misses", [])) for s in data["samples"]]
    if (path / "index.jsonl").is_file():
        samples = []
        for line in (path / "index.jsonl").read_text().splitlines():
            if line.strip():
                row = json.loads(line)
                verdict = "malicious" if row.get("label", "malicious") == "malicious" else "clean"
                samples.append(Sample(row["path"], path / row["path"], verdict, row["name"], has_categories=False,
                                      first_seen=row.get("first_seen"), version=row.get("version")))
        return samples
    raise ValueError(f"{path}: neither labels.yaml (a corpus) nor index.jsonl (a dataset)")


_FAMILY_MAX_MEMBER = 2 * 1024 * 1024
_COMMENT = re.compile(rb"#[^\n]*")
_SPACE = re.compile(rb"\s+")


def _family_members(archive: Path) -> list[tuple[str, bytes]]:
    """setup.py and the .py files at most one folder below the project root, read as data."""
    def wanted(name: str) -> bool:
        parts = name.strip("/").split("/")[1:] if "/" in name.strip("/") else [name]
        return name.endswith(".py") and 1 <= len(parts) <= 2 and not any(p.startswith(".") for p in parts)
    members: list[tuple[str, bytes]] = []
    if zipfile.is_zipfile(archive):
        with zipfile.ZipFile(archive) as zf:
            for info in zf.infolist():
                # A wheel has no project folder: its top level is the package itself.
                name = "x/" + info.filename
                if wanted(name) and info.file_size <= _FAMILY_MAX_MEMBER:
                    members.append((name.split("/", 1)[1], zf.read(info)))
    else:
        with tarfile.open(archive) as tar:
            for info in tar:
                if info.isfile() and wanted(info.name) and info.size <= _FAMILY_MAX_MEMBER:
                    handle = tar.extractfile(info)
                    if handle:
                        members.append((info.name.split("/", 1)[-1], handle.read()))
    return members


def family_key(archive: Path, name: str, version: str | None) -> str:
    """A short hash of an archive's code with its name, version, comments and whitespace taken out.

    Copies of one payload uploaded under many names (typosquat and dependency-confusion
    campaigns) share a key, so recall per family is not inflated by one campaign."""
    variants = {name, name.replace("-", "_"), name.replace("_", "-"), name.lower(), (version or "")} - {""}
    digest = hashlib.sha256()
    try:
        members = sorted(_family_members(archive))
    except (OSError, tarfile.TarError, zipfile.BadZipFile, EOFError, ValueError, RuntimeError):
        return "unreadable:" + archive.name
    for _, data in members:
        for variant in sorted(variants, key=len, reverse=True):
            data = data.replace(variant.encode(), b"@")
        digest.update(_SPACE.sub(b"", _COMMENT.sub(b"", data)) + b"\0")
    return digest.hexdigest()[:16] if members else "empty:" + hashlib.sha256(archive.read_bytes()).hexdigest()[:16]


def reported(package: Package) -> dict[str, set[str]]:
    active = [f for f in package.findings if not f.suppressed]
    return {
        "behaviours": {b for f in active for b in f.behaviours},
        "techniques": {t for f in active for t in f.techniques} | set(package.techniques),
        "attack_vectors": {f.attack_vector for f in active},
    }


def reported_union(packages: list[Package]) -> dict[str, set[str]]:
    """What the reports of a sample's packages (an sdist and its wheel) say, together."""
    got: dict[str, set[str]] = defaultdict(set)
    for package in packages:
        for axis, ids in reported(package).items():
            got[axis] |= ids
    return got


def misses(sample: Sample, packages: list[Package]) -> list[str]:
    """Every way the report falls short of the labels, as "verdict" or "<axis>:<id>"."""
    found = []
    if sorted({p.verdict for p in packages}) != [sample.verdict]:
        found.append("verdict")
    if sample.has_categories:
        got = reported_union(packages)
        for axis in AXES:
            found.extend(f"{axis}:{i}" for i in sorted(set(getattr(sample, axis)) - got[axis]))
    return found


def differences(sample: Sample, packages: list[Package]) -> list[str]:
    """What the report got wrong for one sample beyond its declared known misses; empty when right.

    A known miss that is now caught is a difference too, so the list never goes stale."""
    current = misses(sample, packages)
    verdicts = ", ".join(sorted({p.verdict for p in packages})) or "nothing"
    problems = []
    for miss in current:
        if miss not in sample.known_misses:
            detail = f"verdict expected {sample.verdict}, got {verdicts}" if miss == "verdict" else f"missing {miss}"
            problems.append(f"{sample.key}: {detail}")
    for miss in sample.known_misses:
        if miss not in current:
            problems.append(f"{sample.key}: known miss {miss} is now caught: remove it from known_misses")
    return problems


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, expected: bool, got: bool) -> None:
        if expected and got:
            self.tp += 1
        elif got:
            self.fp += 1
        elif expected:
            self.fn += 1
        else:
            self.tn += 1

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    def to_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "tn": self.tn,
                "precision": self.precision, "recall": self.recall}


def evaluate(samples: list[Sample], by_sample: dict[str, list[Package]]) -> dict:
    """Per-category precision/recall, the verdict confusion matrix, per-name detection."""
    categories: dict[str, Tally] = defaultdict(Tally)
    confusion: Counter[tuple[str, str]] = Counter()
    names: dict[str, list[bool]] = defaultdict(list)
    first_seen: dict[str, str] = {}
    family_of: dict[str, str] = {}
    expected_by_name: dict[str, str] = {}
    failures: list[str] = []
    known: list[str] = []
    for sample in samples:
        packages = by_sample.get(sample.key, [])
        got_verdict = Verdict.worst([p.verdict for p in packages], default=Verdict.ERROR)
        confusion[(sample.verdict, got_verdict)] += 1
        categories["verdict:malicious"].add(sample.verdict == "malicious", got_verdict == "malicious")
        categories["verdict:flagged"].add(sample.verdict in ("malicious", "suspicious"),
                                          got_verdict in ("malicious", "suspicious"))
        names[sample.name].append(got_verdict == "malicious")
        expected_by_name[sample.name] = sample.verdict
        if sample.first_seen:
            first_seen[sample.name] = min(first_seen.get(sample.name, sample.first_seen), sample.first_seen)
        if not sample.has_categories and sample.verdict == "malicious" and sample.name not in family_of:
            # Families matter for malware only: a benign set's archives are not re-read.
            sample.family = sample.family or family_key(sample.target, sample.name, sample.version)
            family_of[sample.name] = sample.family
        if sample.has_categories:
            got = reported_union(packages)
            for axis in AXES:
                for category in set(getattr(sample, axis)) | got[axis]:
                    categories[f"{axis[:-1]}:{category}"].add(category in getattr(sample, axis),
                                                               category in got[axis])
        failures.extend(differences(sample, packages))
        known.extend(f"{sample.key}: {m}" for m in sample.known_misses)
    malicious_names = [n for n, v in expected_by_name.items() if v == "malicious"]
    clean_names = [n for n, v in expected_by_name.items() if v == "clean"]
    return {
        "samples": len(samples),
        "categories": {k: v.to_dict() for k, v in sorted(categories.items())},
        "confusion": [{"expected": e, "reported": r, "count": c} for (e, r), c in sorted(confusion.items())],
        "per_name": {
            "malicious_names": len(malicious_names),
            "detected_names": sum(any(names[n]) for n in malicious_names),
            "recall": (sum(any(names[n]) for n in malicious_names) / len(malicious_names)) if malicious_names else None,
            "clean_names": len(clean_names),
            "false_positive_names": sum(any(names[n]) for n in clean_names),
        },
        "evidence": _evidence(samples, by_sample),
        "per_family": _per_group(malicious_names, names, family_of),
        "by_first_seen": {
            "2025_or_later": _recall([n for n in malicious_names if first_seen.get(n, "") >= "2025"], names),
            "before_2025": _recall([n for n in malicious_names if "" < first_seen.get(n, "") < "2025"], names),
        },
        "failures": failures,
        "known_misses": known,
    }


def _evidence(samples: list[Sample], by_sample: dict[str, list[Package]]) -> dict:
    """Per finding kind, signal and verdict row: in how many samples of each label it shows.

    A row or kind that fires on benign samples as often as on malicious ones is not evidence."""
    from . import evidence

    counts: dict[str, dict[str, Counter]] = {"kinds": defaultdict(Counter), "signals": defaultdict(Counter),
                                             "rows": defaultdict(Counter)}
    for sample in samples:
        label = sample.verdict if sample.verdict in ("malicious", "clean") else "other"
        packages = by_sample.get(sample.key, [])
        active = [f for p in packages for f in p.findings if not f.suppressed and not f.auxiliary]
        for kind in {evidence.kind_of(f) for f in active if evidence.is_strong(f)}:
            counts["kinds"][kind][label] += 1
        for signal in {evidence.signal_of(f) for f in active} - {None}:
            counts["signals"][signal][label] += 1
        for row in {r.split(":", 1)[0] for p in packages for r in p.reasons}:
            counts["rows"][row][label] += 1
    return {axis: {k: {"malicious": c["malicious"], "clean": c["clean"]} for k, c in sorted(v.items())}
            for axis, v in counts.items()}


def _recall(group: list[str], names: dict[str, list[bool]]) -> dict:
    detected = sum(any(names[n]) for n in group)
    return {"names": len(group), "detected": detected, "recall": detected / len(group) if group else None}


def _per_group(malicious_names: list[str], names: dict[str, list[bool]], family_of: dict[str, str]) -> dict:
    """Recall over families (a family counts as detected when any of its names is), and the
    mean of per-family name recall, so one large campaign weighs as one family."""
    members: dict[str, list[str]] = defaultdict(list)
    for name in malicious_names:
        if name in family_of:
            members[family_of[name]].append(name)
    if not members:
        return {"families": 0, "detected": 0, "recall": None, "mean_recall": None, "largest": []}
    detected = sum(any(any(names[n]) for n in group) for group in members.values())
    per_family = [sum(any(names[n]) for n in group) / len(group) for group in members.values()]
    largest = sorted(members.items(), key=lambda item: -len(item[1]))[:10]
    return {"families": len(members), "detected": detected, "recall": detected / len(members),
            "mean_recall": sum(per_family) / len(per_family),
            "largest": [{"family": f, "names": len(g), "detected": sum(any(names[n]) for n in g),
                         "example": sorted(g)[0]} for f, g in largest]}


def _pct(value: float | None) -> str:
    return "   -  " if value is None else f"{100 * value:5.1f}%"


def render_text(result: dict) -> str:
    lines = [f"{result['samples']} samples", "", f"{'category':<42} {'tp':>5} {'fp':>5} {'fn':>5}  precision  recall"]
    for category, t in result["categories"].items():
        lines.append(f"{category:<42} {t['tp']:>5} {t['fp']:>5} {t['fn']:>5}  {_pct(t['precision'])}    "
                     f"{_pct(t['recall'])}")
    lines += ["", "confusion (expected -> reported): " + ", ".join(
        f"{c['expected']}->{c['reported']}: {c['count']}" for c in result["confusion"])]
    per_name = result["per_name"]
    if per_name["malicious_names"]:
        lines.append(f"per package name: {per_name['detected_names']}/{per_name['malicious_names']} malicious names "
                     f"detected ({_pct(per_name['recall']).strip()})")
    family = result.get("per_family") or {}
    if family.get("families"):
        lines.append(f"per family: {family['detected']}/{family['families']} families with a name detected "
                     f"({_pct(family['recall']).strip()}); mean recall within a family "
                     f"{_pct(family['mean_recall']).strip()}")
    for label, group in (result.get("by_first_seen") or {}).items():
        if group["names"]:
            lines.append(f"first seen {label.replace('_', ' ')}: {group['detected']}/{group['names']} names "
                         f"detected ({_pct(group['recall']).strip()})")
    if per_name["clean_names"]:
        lines.append(f"per package name: {per_name['false_positive_names']}/{per_name['clean_names']} clean names "
                     "reported malicious")
    for axis, title in (("kinds", "strong findings by kind"), ("signals", "signals"), ("rows", "verdict rows fired")):
        table = (result.get("evidence") or {}).get(axis) or {}
        if table:
            lines += ["", f"{title} (samples: malicious / clean):"]
            lines += [f"  {k:<34} {v['malicious']:>5} / {v['clean']}" for k, v in table.items()]
    if result.get("known_misses"):
        lines += ["", f"{len(result['known_misses'])} known miss(es), declared in the labels:"]
        lines += [f"  {m}" for m in result["known_misses"]]
    if result["failures"]:
        lines += ["", f"{len(result['failures'])} difference(s) from the labels:"]
        lines += [f"  {f}" for f in result["failures"][:200]]
    return "\n".join(lines) + "\n"
