"""The scan command's settings from flags and `[tool.antivenom]` (config.py): a flag the user
typed wins (click's parameter source says which were typed), then the configuration, then the
built-in default. Also the colour decision (--color, NO_COLOR)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import click
from click.core import ParameterSource

from . import config as config_module
from .config import Config


@dataclass(frozen=True)
class Settings:
    fail_on: str
    ignore_file: Path | None
    index_url: str
    selection: Config | None  # rules/exclude-rules; None: every rule


def _ids(values: tuple[str, ...]) -> tuple[str, ...]:
    """`--rules a,b --rules c` -> (a, b, c)."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def resolve(ctx: click.Context, config_file: Path | None, *, fail_on: str, ignore_file: Path | None,
            index_url: str, rules: tuple[str, ...], exclude_rules: tuple[str, ...]) -> Settings:
    """Raises click.UsageError (exit 2) for an unreadable or invalid configuration."""
    try:
        config = config_module.load(config_file)
    except config_module.ConfigError as exc:
        raise click.UsageError(str(exc)) from exc

    def typed(name: str) -> bool:
        return ctx.get_parameter_source(name) not in (ParameterSource.DEFAULT, ParameterSource.DEFAULT_MAP, None)

    chosen_rules = _ids(rules) if typed("rule_ids") else config.rules
    chosen_excluded = _ids(exclude_rules) if typed("excluded_ids") else config.exclude_rules
    selection = Config(rules=chosen_rules, exclude_rules=chosen_excluded) if chosen_rules or chosen_excluded \
        else None
    return Settings(
        fail_on=config_module.effective(fail_on, config.fail_on, fail_on, typed("fail_on")),  # type: ignore[arg-type]
        ignore_file=config_module.effective(ignore_file, config.ignore_file, None,  # type: ignore[arg-type]
                                            typed("ignore_file")),
        index_url=config_module.effective(index_url, config.index_url, index_url,  # type: ignore[arg-type]
                                          typed("index_url")),
        selection=selection,
    )


def use_color(choice: str, terminal: bool) -> bool:
    """always/never as said; auto: a terminal, and NO_COLOR (https://no-color.org) unset or empty."""
    if choice != "auto":
        return choice == "always"
    return terminal and not os.environ.get("NO_COLOR")
