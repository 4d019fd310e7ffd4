"""Run the property-based fuzz tests (tests/hostile/test_fuzz.py) with a long budget.

    python bench/fuzz.py [EXAMPLES]      # default 2000 examples per property (CLI runs: EXAMPLES/15)

CI runs the same properties with 30 examples, derandomized; here each run draws new examples.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    examples = sys.argv[1] if len(sys.argv) > 1 else "2000"
    env = {**os.environ, "ANTIVENOM_FUZZ_EXAMPLES": examples, "SEMGREP_ENABLE_VERSION_CHECK": "0"}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--hypothesis-show-statistics",
               str(ROOT / "tests/hostile/test_fuzz.py")]
    return subprocess.call(command, cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main())
