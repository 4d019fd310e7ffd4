"""[tool.antivenom] configuration: read from ./pyproject.toml or --config FILE, validated by
rules/schema/config.schema.json, overridden by flags, rule selection by ids or globs."""

from __future__ import annotations

from pathlib import Path

import pytest
from antivenom.config import Config, ConfigError, effective, load
from antivenom.rule_metadata import semgrep_rules

FULL = """\
[project]
name = "acme"

[tool.antivenom]
fail-on = "suspicious"
ignore-file = "ci/antivenom-ignore.yaml"
index-url = "https://mirror.example.invalid/simple"
rules = ["exec-*", "reverse-shell-*", "pe_executable_program"]
exclude-rules = ["exec-marshal-code"]
allow-incomplete = true
"""


def test_reads_every_key_from_the_working_directory(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(FULL)
    config = load(cwd=tmp_path)
    assert config == Config(fail_on="suspicious", ignore_file=tmp_path / "ci" / "antivenom-ignore.yaml",
                            index_url="https://mirror.example.invalid/simple",
                            rules=("exec-*", "reverse-shell-*", "pe_executable_program"),
                            exclude_rules=("exec-marshal-code",), allow_incomplete=True,
                            source=tmp_path / "pyproject.toml")


def test_no_pyproject_or_no_table_is_the_default(tmp_path: Path) -> None:
    assert load(cwd=tmp_path) == Config()
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert load(cwd=tmp_path) == Config()


def test_explicit_config_file(tmp_path: Path) -> None:
    other = tmp_path / "conf" / "pyproject.toml"
    other.parent.mkdir()
    other.write_text(FULL)
    assert load(other).ignore_file == tmp_path / "conf" / "ci" / "antivenom-ignore.yaml", "relative to the file"
    dedicated = tmp_path / "antivenom.toml"
    dedicated.write_text('fail-on = "error"\n')
    assert load(dedicated).fail_on == "error"
    with pytest.raises(ConfigError, match="cannot read"):
        load(tmp_path / "missing.toml")


@pytest.mark.parametrize(("table", "field"), [
    ('fail-on = "sometimes"', "fail-on"),
    ("fail-on = 1", "fail-on"),
    ('index-url = "file:///etc/passwd"', "index-url"),
    ('rules = "exec-*"', "rules"),
    ('rules = ["a b"]', "rules/0"),
    ("exclude-rules = [1]", "exclude-rules/0"),
    ('allow-incomplete = "yes"', "allow-incomplete"),
    ('ignore-file = ""', "ignore-file"),
    ('fail_on = "error"', "(top)"),  # a misspelt key is an error, not ignored
])
def test_invalid_values_name_the_field(tmp_path: Path, table: str, field: str) -> None:
    (tmp_path / "pyproject.toml").write_text(f"[tool.antivenom]\n{table}\n")
    with pytest.raises(ConfigError) as raised:
        load(cwd=tmp_path)
    assert f"{field}:" in str(raised.value) and "pyproject.toml" in str(raised.value)


def test_not_toml_and_not_a_table(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.antivenom\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load(cwd=tmp_path)
    (tmp_path / "pyproject.toml").write_text("[tool]\nantivenom = 3\n")
    with pytest.raises(ConfigError, match="must be a table"):
        load(cwd=tmp_path)


def test_config_errors_are_value_errors_for_exit_status_2() -> None:
    assert issubclass(ConfigError, ValueError)  # cli._Group turns ValueError into exit 2


def test_rule_selection_by_ids_and_globs(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(FULL)
    config = load(cwd=tmp_path)
    assert config.selects("exec-decoded-payload") and config.selects("pe_executable_program")
    assert not config.selects("exec-marshal-code"), "exclude-rules applies after rules"
    assert not config.selects("browser-credential-theft")
    assert Config().selects("anything"), "no selection: every rule"
    assert Config(exclude_rules=("exec-*",)).selects("reverse-shell-socket")


def test_selectors_that_name_no_rule_are_reported() -> None:
    config = Config(rules=("exec-*", "reverse-shel-typo"), exclude_rules=("no-such-rule",))
    assert config.unmatched_selectors(semgrep_rules()) == ["reverse-shel-typo", "no-such-rule"]


@pytest.mark.parametrize(("given", "explicit", "from_config", "expected"), [
    ("malicious", False, "suspicious", "suspicious"),  # the flag's default does not beat the file
    ("malicious", True, "suspicious", "malicious"),  # a typed flag does, even when equal to the default
    ("malicious", False, None, "malicious"),
])
def test_flags_override_the_configuration(given: str, explicit: bool, from_config: str | None,
                                          expected: str) -> None:
    assert effective(given, from_config, "malicious", explicit) == expected
