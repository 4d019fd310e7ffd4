"""Managing the rule pack, behind `antivenom rules list|validate|test`: list every rule,
validate metadata and compile both engines' rules, run the rule tests.
(rule_metadata.py finds the rules and reads their metadata for a scan.)"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml
import yara

from . import schemas
from .engines.semgrep_process import semgrep_command, semgrep_env
from .engines.yara import gate_problems
from .rule_metadata import RuleMeta, normalise, semgrep_rule_files, semgrep_rules, yara_rule_files, yara_rules


def all_rules(semgrep_root: Path, yara_root: Path) -> list[RuleMeta]:
    rules = [*semgrep_rules(semgrep_root).values(), *yara_rules(yara_root).values()]
    return sorted(rules, key=lambda r: (r.engine, r.rule_id))


@dataclass(frozen=True)
class Problem:
    path: Path
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.rule}: {self.message}"


def validate(semgrep_root: Path, yara_root: Path) -> list[Problem]:
    """Metadata schema for every rule of every file, Semgrep's own parser offline, YARA compile."""
    problems: list[Problem] = []
    seen: dict[str, Path] = {}
    for path in semgrep_rule_files(semgrep_root):
        try:
            document = yaml.safe_load(path.read_text()) or {}
        except yaml.YAMLError as exc:
            problems.append(Problem(path, "-", f"YAML: {exc}"))
            continue
        for rule in document.get("rules", []):
            rule_id = str(rule.get("id", "?"))
            if rule_id != path.stem:
                problems.append(Problem(path, rule_id, f"id must equal the file stem {path.stem!r}"))
            if rule_id in seen:
                problems.append(Problem(path, rule_id, f"duplicate id, also in {seen[rule_id]}"))
            seen[rule_id] = path
            for message in schemas.errors("rule-metadata.schema.json",
                                          normalise(rule.get("metadata") or {}, rule.get("severity"))):
                problems.append(Problem(path, rule_id, f"metadata {message}"))
    problems.extend(_semgrep_parses(semgrep_root))
    for path in yara_rule_files(yara_root):
        try:
            compiled = yara.compile(filepath=str(path), includes=False, error_on_warning=True)
        except yara.Error as exc:
            problems.append(Problem(path, "-", f"YARA: {exc}"))
            continue
        problems.extend(Problem(path, "-", message) for message in gate_problems(path))
        for rule in compiled:
            if rule.identifier in seen:
                problems.append(Problem(path, rule.identifier, f"duplicate id, also in {seen[rule.identifier]}"))
            seen[rule.identifier] = path
            for message in schemas.errors("rule-metadata.schema.json", normalise(dict(rule.meta))):
                problems.append(Problem(path, rule.identifier, f"meta {message}"))
    return problems


def _semgrep_parses(semgrep_root: Path) -> list[Problem]:
    # `semgrep --validate` fetches lints from the internet; a scan of an empty folder
    # parses every rule offline and exits 7 on an invalid one.
    with tempfile.TemporaryDirectory() as empty:
        completed = subprocess.run(
            [*semgrep_command(), "scan", "--metrics=off", "--json", "--quiet", "--config", str(semgrep_root), empty],
            capture_output=True, text=True, env=semgrep_env(), check=False,
        )
    if completed.returncode == 0:
        return []
    try:
        errors = json.loads(completed.stdout).get("errors", [])
    except json.JSONDecodeError:
        errors = []
    if not errors:
        return [Problem(semgrep_root, "-", f"semgrep exited {completed.returncode}: {completed.stderr[-500:]}")]
    return [Problem(Path((e.get("spans") or [{}])[0].get("file", str(semgrep_root))), str(e.get("rule_id", "-")),
                    f"semgrep: {e.get('type')}: {e.get('message', '')[:300]}") for e in errors]


def has_rule_tests(semgrep_root: Path) -> bool:
    """The rule tests (the files beside each rule) ship in a source checkout, never in the wheel."""
    return any(p.is_file() and p.suffix not in (".yaml", ".yml") for p in semgrep_root.rglob("*"))


NO_TESTS_MESSAGE = ("antivenom rules test: this installation has no rule tests. The wheel leaves them out "
                    "(they imitate malware, and antivenom must scan clean); run `antivenom rules test` from a "
                    "source checkout of antivenom instead.")


def run_tests(semgrep_root: Path, yara_tests: Path | None) -> int:
    """`semgrep --test` over the pack, then the YARA fixture tests: the exit status of the worse."""
    status = subprocess.run([*semgrep_command(), "--test", "--metrics=off", str(semgrep_root)],
                            env=semgrep_env(), check=False).returncode
    if yara_tests is not None and yara_tests.is_dir():
        status = max(status, subprocess.run([sys.executable, "-m", "pytest", "-q", str(yara_tests)],
                                            check=False).returncode)
    return status
