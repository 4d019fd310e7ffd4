"""antivenom: a Semgrep/YARA rule pack and a thin runner that flags malicious PyPI packages.

The runner never executes, imports, builds or installs what it scans: it reads bytes.
"""

__version__ = "0.1.0"
