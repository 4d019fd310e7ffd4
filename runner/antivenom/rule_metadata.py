"""Where the rule packs live, and what their metadata says (read-only; used by every scan).
rule_management.py lists, validates and tests the pack.

The rules carry the knowledge (behaviours, techniques, severity, confidence);
this module only finds them and normalises both engines' metadata to one shape.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

import yaml
import yara

# libyaml's loader and dumper, where PyYAML was built with it: the pack's 80 rule files load
# in a tenth of the pure-Python parser's time, which every scan (and every chunk) pays.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def load_yaml(text: str) -> object:
    """yaml.safe_load, through libyaml when available."""
    return yaml.load(text, Loader=_LOADER)  # a safe loader either way


def dump_yaml(data: object) -> str:
    """yaml.safe_dump (insertion order kept, Unicode as is), through libyaml when available."""
    return yaml.dump(data, Dumper=_DUMPER, sort_keys=False, allow_unicode=True)

_PACKAGE_DIR = Path(__file__).resolve().parent


def rules_root() -> Path:
    """The rules/ folder: inside the installed wheel, else the source checkout's."""
    for candidate in (_PACKAGE_DIR / "rules", _PACKAGE_DIR.parent.parent / "rules"):
        if (candidate / "semgrep").is_dir():
            return candidate
    raise FileNotFoundError("antivenom rules not found: the installation is incomplete")


def semgrep_dir() -> Path:
    return rules_root() / "semgrep"


def yara_dir() -> Path:
    return rules_root() / "yara"


def schema_dir() -> Path:
    return rules_root() / "schema"


@dataclass(frozen=True)
class RuleMeta:
    rule_id: str
    engine: str
    path: Path
    severity: str
    confidence: str
    behaviours: tuple[str, ...]
    techniques: tuple[str, ...]
    description: str
    attack_vector: str | None = None
    raw: dict = field(default_factory=dict, compare=False, hash=False)


def split_ids(value: object) -> list[str]:
    """YARA meta holds lists as comma-separated strings (it keeps only the last repeated key)."""
    if isinstance(value, list):
        return [str(v) for v in value]
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return []


def normalise(raw: dict, severity: str | None = None) -> dict:
    """One metadata shape for both engines: the shape the schema validates."""
    meta = dict(raw)
    for key in ("behaviours", "techniques"):
        meta[key] = split_ids(meta.get(key, []))
    if "reference" in meta and "references" not in meta:
        meta["references"] = split_ids(meta.pop("reference"))
    if severity is not None:
        meta["severity"] = severity
    return meta


def semgrep_rule_files(root: Path | None = None) -> list[Path]:
    base = root or semgrep_dir()
    return sorted(p for p in base.rglob("*") if p.suffix in (".yaml", ".yml"))


def yara_rule_files(root: Path | None = None) -> list[Path]:
    base = root or yara_dir()
    return sorted(p for p in base.rglob("*") if p.suffix in (".yar", ".yara"))


GATE_SUFFIX = ".gate"  # NAME.gate beside NAME.yar: where NAME.yar can match at all (engines/yara.py)


def yara_pack_files(root: Path | None = None) -> list[Path]:
    """The rule files and their gates: what a YARA result depends on."""
    base = root or yara_dir()
    return sorted([*yara_rule_files(base), *base.rglob(f"*{GATE_SUFFIX}")])


@functools.lru_cache(maxsize=512)
def _parsed_rule_file(path: Path, mtime_ns: int, size: int) -> tuple[dict, ...]:
    return tuple((load_yaml(path.read_text(encoding="utf-8")) or {}).get("rules", []))


def rule_file_rules(path: Path) -> list[dict]:
    """The rules of one Semgrep rule file, parsed once per process while the file is unchanged
    (the engine, its prefilter and the verdict's metadata all read the pack). Read-only: the
    dicts are shared between callers."""
    stat = path.stat()
    return list(_parsed_rule_file(path, stat.st_mtime_ns, stat.st_size))


def semgrep_rules(root: Path | None = None) -> dict[str, RuleMeta]:
    rules: dict[str, RuleMeta] = {}
    for path in semgrep_rule_files(root):
        for rule in rule_file_rules(path):
            meta = normalise(rule.get("metadata") or {}, rule.get("severity"))
            rules[rule["id"]] = _rule_meta(rule["id"], "semgrep", path, meta)
    return rules


def _rule_meta(rule_id: str, engine: str, path: Path, meta: dict) -> RuleMeta:
    return RuleMeta(
        rule_id=rule_id,
        engine=engine,
        path=path,
        severity=str(meta.get("severity", "WARNING")).upper(),
        confidence=str(meta.get("confidence", "LOW")).upper(),
        behaviours=tuple(meta.get("behaviours", [])),
        techniques=tuple(meta.get("techniques", [])),
        description=str(meta.get("description", "")),
        attack_vector=meta.get("attack_vector"),
        raw=meta,
    )


def yara_rule_meta(rule_id: str, path: Path, meta: dict) -> RuleMeta:
    return _rule_meta(rule_id, "yara", path, normalise(meta))


def yara_rules(root: Path | None = None) -> dict[str, RuleMeta]:
    """Every public YARA rule's metadata, by id; a file that does not compile is left out
    (`antivenom rules validate` reports it)."""
    rules: dict[str, RuleMeta] = {}
    for path in yara_rule_files(root):
        stat = path.stat()
        rules.update(_yara_file_rules(path, stat.st_mtime_ns, stat.st_size))
    return rules


@functools.lru_cache(maxsize=512)
def _yara_file_rules(path: Path, mtime_ns: int, size: int) -> dict[str, RuleMeta]:
    """One YARA file's public rules, compiled once per process while the file is unchanged."""
    try:
        compiled = yara.compile(filepath=str(path), includes=False)
    except yara.Error:
        return {}
    return {r.identifier: yara_rule_meta(r.identifier, path, dict(r.meta)) for r in compiled if not r.is_private}
