"""Where the YARA pack lives and how it is compiled (the runner's way)."""

from __future__ import annotations

from pathlib import Path

import yara

RULES_DIR = Path(__file__).resolve().parents[2] / "rules" / "yara"


def rule_files() -> list[Path]:
    return sorted(RULES_DIR.glob("*/*.yar"))


def compile_pack() -> yara.Rules:
    return yara.compile(
        filepaths={p.parent.name: str(p) for p in rule_files()},
        includes=False,
        error_on_warning=True,
    )
