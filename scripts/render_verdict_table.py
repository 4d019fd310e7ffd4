"""Render runner/antivenom/data/corroboration.yaml into README.md's Verdict section.

The README shows the table the code reads; tests/test_evidence_readme.py fails when
they differ. Run after editing the YAML:

    python scripts/render_verdict_table.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "runner"))

from antivenom import evidence  # noqa: E402

README = ROOT / "README.md"
START, END = "<!-- verdict-table:start -->", "<!-- verdict-table:end -->"


def render() -> str:
    table = evidence.table()
    lines = [START, "", "| row (first that fires decides) | anchor | needs | verdict |", "|---|---|---|---|"]
    for row in table.rows:
        needs = []
        if row.all_signals:
            needs.append(" and ".join(f"`{s}`" for s in row.all_signals))
        for group in ((row.any_signal,) if row.any_signal else ()) + row.any_of:
            needs.append("one of " + ", ".join(f"`{s}`" for s in group))
        if row.signals_at_load_time:
            needs.append("(signals at install/import time)")
        lines.append(f"| `{row.id}`: {row.explain} | `{row.anchor}` | {'; '.join(needs) or '-'} | {row.verdict} |")
    lines += ["", "| signal | scope | what |", "|---|---|---|"]
    for name, spec in table.signals.items():
        lines.append(f"| `{name}` | {spec['scope']} | {spec['description']} |")
    return "\n".join([*lines, "", END])


def main() -> int:
    text = README.read_text()
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    README.write_text(head + render() + tail)
    print(f"rendered {len(evidence.table().rows)} rows into {README}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
