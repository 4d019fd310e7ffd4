"""The evidence model: finding kinds, corroborating signals and the rows that combine them.

The table is data (data/corroboration.yaml, rendered in README's "Verdict" section);
this module only reads it, gives each finding its kind and signal (from rule
metadata), derives the package-level signals (name, version) and reports which
rows fire. verdict.py turns the first row that fires into the verdict.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from .model import Finding, Package

DATA = Path(__file__).resolve().parent / "data"
KINDS = ("action", "flow", "mention")
LOAD_TIME = ("install-time", "import-time")
PLACEHOLDER_MAJOR = 99
TYPOSQUAT_MIN_LENGTH = 5  # shorter names sit one edit from too many real ones


@dataclass(frozen=True)
class Row:
    id: str
    verdict: str
    anchor: str
    explain: str
    any_signal: tuple[str, ...] = ()
    all_signals: tuple[str, ...] = ()
    any_of: tuple[tuple[str, ...], ...] = ()  # one signal of each group
    signals_at_load_time: bool = False  # only signals whose finding runs at install/import time


@dataclass(frozen=True)
class Table:
    signals: dict[str, dict]
    rows: tuple[Row, ...]


@lru_cache(maxsize=1)
def table() -> Table:
    data = yaml.safe_load((DATA / "corroboration.yaml").read_text())
    rows = tuple(Row(r["id"], r["verdict"], r["anchor"], r.get("explain", ""), tuple(r.get("any_signal", ())),
                     tuple(r.get("all_signals", ())), tuple(tuple(g) for g in r.get("any_of", ())),
                     bool(r.get("signals_at_load_time", False))) for r in data["rows"])
    return Table(data["signals"], rows)


# Findings the runner makes itself (traits.py, flows.py): their kind and signal.
RUNNER_RULES: dict[str, tuple[str, str | None]] = {"cross-function-host-flow": ("flow", "host-collection")}


@lru_cache(maxsize=1)
def _pack_metadata() -> dict[str, dict]:
    """rule id -> metadata of every rule of both engines, read once."""
    from .rule_management import all_rules  # imports the engines: only when a verdict is first made
    from .rule_metadata import semgrep_dir, yara_dir

    return {r.rule_id: r.raw for r in all_rules(semgrep_dir(), yara_dir())}


@lru_cache(maxsize=1)
def rule_facts() -> dict[str, tuple[str, str | None]]:
    """rule id -> (kind, signal) from every rule's metadata, both engines, and the runner's own."""
    facts = {rule_id: (str(raw.get("kind", "action")), raw.get("signal")) for rule_id, raw in _pack_metadata().items()}
    return {**facts, **RUNNER_RULES}


@lru_cache(maxsize=1)
def standalone_rules() -> frozenset[str]:
    """Rules whose action has no benign use at any time (metadata `standalone`, earned by calibration)."""
    return frozenset(rule_id for rule_id, raw in _pack_metadata().items() if raw.get("standalone") is True)


def kind_of(finding: Finding) -> str:
    # A rule this pack does not know (a user's own) counts as an action: fail closed.
    return rule_facts().get(finding.rule_id, ("action", None))[0]


def signal_of(finding: Finding) -> str | None:
    return rule_facts().get(finding.rule_id, ("action", None))[1]


# -- package-level signals ------------------------------------------------------

def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@lru_cache(maxsize=1)
def popular_names() -> frozenset[str]:
    lines = (DATA / "popular-names.txt").read_text().splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def _deletion_index() -> dict[str, set[str]]:
    index: dict[str, set[str]] = {}
    for name in popular_names():
        for i in range(len(name)):
            index.setdefault(name[:i] + name[i + 1:], set()).add(name)
    return index


def _one_edit(a: str, b: str) -> bool:
    """Levenshtein distance 1, or one swap of neighbouring letters."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def typosquat_of(name: str | None) -> str | None:
    """The popular name this one is one edit away from, if any (and it is not itself popular)."""
    if not name:
        return None
    name = canonical(name)
    popular = popular_names()
    if name in popular or len(name) < TYPOSQUAT_MIN_LENGTH:
        return None
    index = _deletion_index()
    candidates = set(index.get(name, ()))  # popular = name + one letter
    for i in range(len(name)):
        shorter = name[:i] + name[i + 1:]
        if shorter in popular:
            candidates.add(shorter)  # popular = name - one letter
        candidates |= index.get(shorter, set())  # a substitution or swap
    matches = sorted(c for c in candidates if _one_edit(name, c))
    return matches[0] if matches else None


def is_placeholder_version(version: str | None) -> bool:
    """99.0.0, 999.9.9, 1337.0.0 - not a calendar version (2026.9.0, 2025.10.26: xarray, yt-dlp)."""
    match = re.match(r"\s*v?(\d+)(\.\d+)?", version or "")
    if not match:
        return False
    major = int(match.group(1))
    calendar = 1990 <= major <= 2100 and match.group(2) is not None
    return major >= PLACEHOLDER_MAJOR and not calendar


@dataclass(frozen=True)
class Signal:
    name: str
    path: str | None  # None: the package itself
    source: str  # a rule id, or what about the package

    def describe(self) -> str:
        return f"{self.name} ({self.source})" if self.path is None else f"{self.name} ({self.source} in {self.path})"


def package_signals(package: Package) -> list[Signal]:
    found = []
    squatted = typosquat_of(package.name)
    if squatted:
        found.append(Signal("typosquat-name", None, f"name one edit from {squatted!r}"))
    if is_placeholder_version(package.version):
        found.append(Signal("placeholder-version", None, f"version {package.version}"))
    return found


# -- anchors ----------------------------------------------------------------------

def is_strong(finding: Finding) -> bool:
    return finding.confidence in ("HIGH", "MEDIUM") and finding.severity in ("ERROR", "WARNING")


def _decisive(f: Finding) -> bool:
    if f.auxiliary or f.severity != "ERROR" or f.confidence != "HIGH":
        return False
    kind = kind_of(f)
    return kind == "flow" or (kind == "action" and (f.attack_vector in LOAD_TIME or f.rule_id in standalone_rules()))


def _load_time_action(f: Finding) -> bool:
    return not f.auxiliary and is_strong(f) and kind_of(f) in ("action", "flow") and f.attack_vector in LOAD_TIME


def _runtime_action(f: Finding) -> bool:
    return (not f.auxiliary and f.severity == "ERROR" and f.confidence == "HIGH" and kind_of(f) == "action"
            and f.attack_vector not in LOAD_TIME)


def _theft_action(f: Finding) -> bool:
    """A strong ERROR action or flow that takes host secrets (credentials, tokens, wallets), any
    vector: benign tools read browser stores too, so it needs a drop destination beside it."""
    return (not f.auxiliary and f.severity == "ERROR" and is_strong(f) and kind_of(f) in ("action", "flow")
            and "information-stealing" in f.behaviours)


def _obfuscated_install(f: Finding) -> bool:
    """A strong action running obfuscated code from the install script itself: a build step
    has nothing to hide (obfuscated libraries exist; obfuscated setup.py files are droppers)."""
    return (not f.auxiliary and is_strong(f) and kind_of(f) in ("action", "flow") and f.attack_vector == "install-time"
            and "code-obfuscation" in f.techniques)


def _poisoned_tool(f: Finding) -> bool:
    """An MCP tool whose description tells the model to fetch secrets behind the user's back: the
    description is the delivery channel (the model acts on it), so no other code is needed."""
    return (not f.auxiliary and f.severity == "ERROR" and f.confidence == "HIGH"
            and "tool-poisoning" in f.techniques)


DESTINATIONS = ("oob-destination", "exfil-destination", "payload-host")


def _destination_mention(f: Finding) -> bool:
    """A strong mention of a throwaway or drop-box destination, wherever it sits."""
    return (not f.auxiliary and f.severity == "ERROR" and f.confidence == "HIGH" and kind_of(f) == "mention"
            and signal_of(f) in DESTINATIONS)


def _load_time_io(f: Finding) -> bool:
    """Any network or process I/O at install/import time, however weak: the beacon's send."""
    return not f.auxiliary and signal_of(f) in ("network-io", "process-spawn") and f.attack_vector in LOAD_TIME


def _load_time_mention(f: Finding) -> bool:
    return (not f.auxiliary and f.severity == "ERROR" and f.confidence == "HIGH" and kind_of(f) == "mention"
            and f.attack_vector in LOAD_TIME)


def _hidden_destination(f: Finding) -> bool:
    """An endpoint hidden by encoding (base64/hex/rot13/reversed text, chr codes, a shifted
    string): code that names its destination plainly has nothing to hide."""
    return not f.auxiliary and signal_of(f) == "encoded-endpoint"


ANCHORS = {"decisive": _decisive, "load-time-action": _load_time_action, "runtime-action": _runtime_action,
           "load-time-mention": _load_time_mention, "load-time-io": _load_time_io,
           "destination-mention": _destination_mention, "theft-action": _theft_action,
           "obfuscated-install": _obfuscated_install, "poisoned-tool": _poisoned_tool,
           "hidden-destination": _hidden_destination}


def where(finding: Finding) -> str:
    return f"{finding.path}:{finding.line}" if finding.line else finding.path


def _load_time_pair(active: list[Finding]) -> str | None:
    at_load = [f for f in active if is_strong(f) and f.attack_vector in LOAD_TIME and not f.auxiliary]
    rules = {f.rule_id for f in at_load}
    behaviours = sorted({b for f in at_load for b in f.behaviours})
    doers = [f for f in at_load if kind_of(f) in ("action", "flow")]
    if len(rules) >= 2 and doers and (len(behaviours) >= 2 or any(f.severity == "ERROR" for f in at_load)):
        named = ", ".join(sorted(rules)[:4])
        return f"{len(rules)} rules ({named}) across {', '.join(behaviours)} at install/import time"
    return None


def _file_cluster(active: list[Finding]) -> str | None:
    by_file: dict[str, list[Finding]] = {}
    for f in active:
        if is_strong(f) and not f.auxiliary:
            by_file.setdefault(f.path, []).append(f)
    for path, found in sorted(by_file.items()):
        rules = {f.rule_id for f in found}
        behaviours = sorted({b for f in found for b in f.behaviours})
        if (len(rules) >= 3 and any(kind_of(f) in ("action", "flow") for f in found)
                and any(f.severity == "ERROR" and f.confidence == "HIGH" for f in found)):
            return f"{len(rules)} rules ({', '.join(sorted(rules)[:4])}) across {', '.join(behaviours)} in {path}"
    return None


SPECIAL_ANCHORS = {"load-time-pair": _load_time_pair, "file-cluster": _file_cluster}


def _signals(active: list[Finding], package: Package) -> list[tuple[Signal, Finding | None]]:
    found: list[tuple[Signal, Finding | None]] = [(s, None) for s in package_signals(package)]
    for f in active:
        name = signal_of(f)
        if name and not f.auxiliary:
            found.append((Signal(name, f.path, f.rule_id), f))
    return found


def _corroborating(row: Row, anchor: Finding, signals: list[tuple[Signal, Finding | None]]) -> list[Signal] | None:
    """The signals that make this row fire for this anchor, or None."""
    scopes = table().signals
    usable = [s for s, f in signals
              if (f is None or (f.rule_id != anchor.rule_id and signal_of(anchor) != s.name
                                and (not row.signals_at_load_time or f.attack_vector in LOAD_TIME)))
              and (s.path is None or scopes.get(s.name, {}).get("scope") == "package" or s.path == anchor.path)]
    names = {s.name for s in usable}
    if not all(n in names for n in row.all_signals):
        return None
    chosen = [next(s for s in usable if s.name == n) for n in row.all_signals]
    for group in ((row.any_signal,) if row.any_signal else ()) + row.any_of:
        extra = [s for s in usable if s.name in group and s not in chosen]
        if not extra:
            return None
        chosen.append(extra[0])
    return chosen


def fired_rows(package: Package, active: list[Finding]) -> list[tuple[Row, str]]:
    """Every row of the table that fires, with a one-line explanation, in table order."""
    signals = _signals(active, package)
    fired: list[tuple[Row, str]] = []
    for row in table().rows:
        if row.anchor in SPECIAL_ANCHORS:
            why = SPECIAL_ANCHORS[row.anchor](active)
            if why:
                fired.append((row, why))
            continue
        test = ANCHORS[row.anchor]
        for anchor in (f for f in active if test(f)):
            if not row.any_signal and not row.all_signals and not row.any_of:
                fired.append((row, f"{kind_of(anchor)} {anchor.rule_id} at {where(anchor)} ({anchor.attack_vector})"))
                break
            chosen = _corroborating(row, anchor, signals)
            if chosen:
                fired.append((row, f"{kind_of(anchor)} {anchor.rule_id} at {where(anchor)} ({anchor.attack_vector})"
                              f" + {' + '.join(s.describe() for s in chosen)}"))
                break
    return fired
