""".pre-commit-hooks.yaml: well formed, and each hook's entry run the way pre-commit runs it
(`entry` split + `args` + the staged files that match `files`, unless pass_filenames is false)."""

from __future__ import annotations

import functools
import hashlib
import http.server
import io
import os
import re
import shlex
import shutil
import subprocess
import sys
import tarfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
HOOKS = {hook["id"]: hook for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())}

# Defanged stand-ins: the "payload" only prints.
MALICIOUS_SETUP = """\
import base64
from setuptools import setup

exec(base64.b64decode("cHJpbnQoImRlbW8iKQ=="))
setup(name="evilpkg", version="1.0", packages=["evilpkg"])
"""
BENIGN_SETUP = 'from setuptools import setup\n\nsetup(name="goodpkg", version="1.0", packages=["goodpkg"])\n'
MALICIOUS_MODULE = 'import base64\n\nexec(base64.b64decode("cHJpbnQoImRlbW8iKQ=="))\n'
BENIGN_MODULE = '"""Six-style compatibility helpers."""\n\nPY3 = True\n\n\ndef u(text):\n    return text\n'


def _command(hook: dict, files: list[str], user_args: list[str] = ()) -> list[str]:
    argv = shlex.split(hook["entry"]) + list(hook.get("args", [])) + list(user_args)
    if hook.get("pass_filenames", True):
        argv += files
    # `language: python`: pre-commit runs the entry from the environment it installed antivenom into.
    executable = shutil.which(argv[0], path=str(Path(sys.executable).parent)) or shutil.which(argv[0])
    assert executable, f"{argv[0]} is not installed"
    return [executable, *argv[1:]]


def _matching(hook: dict, paths: list[str]) -> list[str]:
    exclude = hook.get("exclude", "^$")
    return [p for p in paths if re.search(hook["files"], p) and not re.search(exclude, p)]


def _run(argv: list[str], cwd: Path) -> subprocess.CompletedProcess:
    local = "127.0.0.1,localhost"  # the test index must not go through a proxy
    env = dict(os.environ, SEMGREP_ENABLE_VERSION_CHECK="0", NO_PROXY=local, no_proxy=local)
    return subprocess.run(argv, cwd=cwd, capture_output=True, text=True, env=env, check=False, timeout=600)


def test_hooks_are_well_formed() -> None:
    assert set(HOOKS) == {"antivenom-requirements", "antivenom-vendored"}
    for hook_id, hook in HOOKS.items():
        for key in ("id", "name", "entry", "language", "files"):
            assert isinstance(hook.get(key), str) and hook[key], f"{hook_id}: {key}"
        assert hook["language"] == "python", "pre-commit must pip install this repository for the entry"
        assert shlex.split(hook["entry"])[:2] == ["antivenom", "scan"]
        re.compile(hook["files"])
        assert hook.get("require_serial") is True, f"{hook_id}: one Semgrep process, not one per file batch"


@pytest.mark.parametrize(("path", "matches"), [
    ("requirements.txt", True), ("requirements-dev.txt", True), ("requirements/base.in", True),
    ("services/api/constraints.txt", True), ("requirements_test.txt", True),
    ("setup.py", False), ("README.txt", False), ("docs/requirements.md", False),
    ("src/requirements_parser.py", False), ("pyproject.toml", False),
])
def test_requirements_hook_files(path: str, matches: bool) -> None:
    assert bool(_matching(HOOKS["antivenom-requirements"], [path])) is matches


@pytest.mark.parametrize(("path", "matches"), [
    ("vendor/six/six.py", True), ("src/pkg/_vendor/attr/__init__.py", True), ("third_party/x/y.py", True),
    ("vendored/lib.py", True), ("wheelhouse/foo-1.0-py3-none-any.whl", True),
    ("src/vendors.py", False), ("src/vendoring/core.py", False), ("setup.py", False),
])
def test_vendored_hook_files(path: str, matches: bool) -> None:
    assert bool(_matching(HOOKS["antivenom-vendored"], [path])) is matches


@pytest.mark.parametrize(("module", "expected"), [(MALICIOUS_MODULE, 1), (BENIGN_MODULE, 0)],
                         ids=["malicious", "benign"])
def test_vendored_hook_exit_status(tmp_path: Path, module: str, expected: int) -> None:
    hook = HOOKS["antivenom-vendored"]
    package = tmp_path / "third_party" / "compat"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(module)
    (tmp_path / "app.py").write_text("import third_party.compat\n")
    staged = ["app.py", "third_party/compat/__init__.py"]
    assert _matching(hook, staged) == ["third_party/compat/__init__.py"], "the hook runs for this commit"

    completed = _run(_command(hook, _matching(hook, staged), ["third_party"]), tmp_path)

    assert completed.returncode == expected, completed.stdout + completed.stderr[-2000:]
    verdict = "MALICIOUS" if expected else "CLEAN"
    assert re.search(rf"^{verdict}\s+third_party\b", completed.stdout, re.MULTILINE), completed.stdout


def test_vendored_hook_without_folders_fails_loudly(tmp_path: Path) -> None:
    completed = _run(_command(HOOKS["antivenom-vendored"], ["vendor/x.py"]), tmp_path)
    assert completed.returncode == 2
    assert "TARGET" in completed.stderr


# -- the requirements hook against a local simple index -------------------------

def _sdist(name: str, setup_py: str) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        members = {
            "setup.py": setup_py,
            "PKG-INFO": f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n",
            f"{name}/__init__.py": '__version__ = "1.0"\n',
        }
        for member, text in members.items():
            data = text.encode()
            info = tarfile.TarInfo(f"{name}-1.0/{member}")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def index_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("index")
    for name, setup_py in (("evilpkg", MALICIOUS_SETUP), ("goodpkg", BENIGN_SETUP)):
        data = _sdist(name, setup_py)
        (root / "files").mkdir(exist_ok=True)
        (root / "files" / f"{name}-1.0.tar.gz").write_bytes(data)
        project = root / "simple" / name
        project.mkdir(parents=True)
        digest = hashlib.sha256(data).hexdigest()
        (project / "index.html").write_text(  # PEP 503
            f'<!DOCTYPE html><html><body><a href="../../files/{name}-1.0.tar.gz#sha256={digest}">'
            f"{name}-1.0.tar.gz</a></body></html>\n")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(_QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/simple/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.mark.parametrize(("requirements", "expected"), [
    ("goodpkg==1.0\nevilpkg  # unpinned: the newest release is scanned\n", 1),
    ("# runtime\ngoodpkg==1.0\n", 0),
], ids=["with-malicious", "benign-only"])
def test_requirements_hook_exit_status(tmp_path: Path, index_url: str, requirements: str, expected: int) -> None:
    hook = HOOKS["antivenom-requirements"]
    (tmp_path / "requirements.txt").write_text(requirements)
    (tmp_path / "setup.py").write_text(BENIGN_SETUP)
    staged = _matching(hook, ["requirements.txt", "setup.py"])
    assert staged == ["requirements.txt"]

    completed = _run(_command(hook, staged, ["--index-url", index_url]), tmp_path)

    assert completed.returncode == expected, completed.stdout + completed.stderr[-2000:]
    assert re.search(r"^CLEAN\s+goodpkg 1\.0\b", completed.stdout, re.MULTILINE), completed.stdout
    has_evil = re.search(r"^MALICIOUS\s+evilpkg 1\.0\b", completed.stdout, re.MULTILINE)
    assert bool(has_evil) is bool(expected), completed.stdout
