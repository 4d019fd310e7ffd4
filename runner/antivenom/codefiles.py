"""Which files are code: the files a package runs when it is installed or imported.

A code file that an engine skipped or could not finish makes its package `incomplete`
(README, "What a scan guarantees"): Python modules and scripts, `.pth` files (site.py
runs their `import` lines at every start-up), a Python-shebang script, and the build
configuration that names hooks (setup.cfg, pyproject.toml). A `.py` holding NUL bytes is
not code: CPython refuses it ("source code cannot contain null bytes"), so it cannot run;
YARA still reads it as data.
"""

from __future__ import annotations

from pathlib import PurePosixPath

CODE_SUFFIXES = (".py", ".pyw", ".pyi", ".pth")
HOOK_FILES = ("setup.cfg", "pyproject.toml")


def is_code_name(name: str) -> bool:
    """Code by its name alone (the shebang case needs the first bytes: see is_code)."""
    leaf = PurePosixPath(name).name
    return leaf.lower().endswith(CODE_SUFFIXES) or leaf in HOOK_FILES


def is_python_shebang(head: bytes) -> bool:
    first = head[:200].split(b"\n", 1)[0]
    return first.startswith(b"#!") and b"python" in first


def is_code(name: str, head: bytes | None) -> bool:
    """Code by name, or an extensionless Python-shebang script (when its first bytes are known)."""
    if is_code_name(name):
        return True
    return head is not None and "." not in PurePosixPath(name).name and is_python_shebang(head)
