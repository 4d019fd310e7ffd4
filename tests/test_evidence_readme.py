"""README's Verdict section is the table the code reads (scripts/render_verdict_table.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_readme_verdict_table_matches_the_data_file():
    spec = importlib.util.spec_from_file_location("render", ROOT / "scripts" / "render_verdict_table.py")
    render = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(render)
    assert render.render() in (ROOT / "README.md").read_text(), "run scripts/render_verdict_table.py"
