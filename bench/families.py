"""Write {index path: family key} for an archive dataset (see evaluation.family_key).

    python bench/families.py ../shared/malregistry-dev > bench/results/malregistry-families.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from antivenom.evaluation import family_key


def main() -> int:
    root = Path(sys.argv[1])
    out = {}
    for line in (root / "index.jsonl").read_text().splitlines():
        if line.strip():
            row = json.loads(line)
            out[row["path"]] = family_key(root / row["path"], row["name"], row.get("version"))
    json.dump(out, sys.stdout, indent=0, sort_keys=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
