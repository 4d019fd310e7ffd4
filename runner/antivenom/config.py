"""`[tool.antivenom]` in pyproject.toml: a project's standing scan options, so CI and people run
the same scan. Validated against rules/schema/config.schema.json; command-line flags override it.

    [tool.antivenom]
    fail-on = "suspicious"
    ignore-file = "antivenom-ignore.yaml"     # relative to this file's folder
    index-url = "https://mirror.example/simple"
    rules = ["*"]                              # ids or globs over ids
    exclude-rules = ["runtime-pip-install"]
    allow-incomplete = false
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import tomllib

from .schemas import errors

PYPROJECT = "pyproject.toml"
MAX_CONFIG_BYTES = 4 * 1024 * 1024


class ConfigError(ValueError):
    """The configuration is unreadable or invalid: the scan stops with exit status 2, naming the field."""


@dataclass(frozen=True)
class Config:
    fail_on: str | None = None
    ignore_file: Path | None = None
    index_url: str | None = None
    rules: tuple[str, ...] = ()
    exclude_rules: tuple[str, ...] = ()
    allow_incomplete: bool | None = None
    source: Path | None = None  # the file it was read from; None: no configuration

    def selects(self, rule_id: str) -> bool:
        """Whether a rule takes part in the scan: in `rules` (default all) and not in `exclude-rules`."""
        included = not self.rules or any(fnmatch.fnmatchcase(rule_id, pattern) for pattern in self.rules)
        return included and not any(fnmatch.fnmatchcase(rule_id, pattern) for pattern in self.exclude_rules)

    def unmatched_selectors(self, rule_ids: Iterable[str]) -> list[str]:
        """Selectors that name no rule: a typo must not silently change what is scanned."""
        ids = list(rule_ids)
        return [pattern for pattern in (*self.rules, *self.exclude_rules)
                if not any(fnmatch.fnmatchcase(rule_id, pattern) for rule_id in ids)]


def _read(path: Path) -> dict:
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_CONFIG_BYTES + 1)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if len(data) > MAX_CONFIG_BYTES:
        raise ConfigError(f"{path}: larger than {MAX_CONFIG_BYTES} bytes")
    try:
        return tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc


def _table(document: dict, path: Path, explicit: bool) -> dict | None:
    tool = document.get("tool")
    if isinstance(tool, dict) and "antivenom" in tool:
        return tool["antivenom"]
    if explicit and path.name != PYPROJECT:
        return document  # a dedicated file (--config antivenom.toml) holds the keys at the top
    return None


def load(path: Path | None = None, cwd: Path | None = None) -> Config:
    """`--config FILE` when given (it must exist), else ./pyproject.toml when it has [tool.antivenom]."""
    explicit = path is not None
    if path is None:
        path = (cwd or Path.cwd()) / PYPROJECT
        if not path.is_file():
            return Config()
    table = _table(_read(path), path, explicit)
    if table is None:
        return Config()
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.antivenom] must be a table")
    problems = errors("config.schema.json", table)
    if problems:
        raise ConfigError(f"{path}: [tool.antivenom] " + "; ".join(problems))
    ignore_file = table.get("ignore-file")
    return Config(
        fail_on=table.get("fail-on"),
        ignore_file=(path.parent / ignore_file) if ignore_file else None,
        index_url=table.get("index-url"),
        rules=tuple(table.get("rules", ())),
        exclude_rules=tuple(table.get("exclude-rules", ())),
        allow_incomplete=table.get("allow-incomplete"),
        source=path,
    )


def effective(given: object, from_config: object, default: object, given_explicitly: bool) -> object:
    """A flag the user typed wins; then the configuration; then the built-in default.

    With click: `given_explicitly = ctx.get_parameter_source(name) is not ParameterSource.DEFAULT`.
    """
    if given_explicitly:
        return given
    return from_config if from_config is not None else default
