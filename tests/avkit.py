"""Builders shared by the runner tests: package trees, archives (good and hostile) and a
local package index. Everything is written by us and defanged: the "payload" decodes to
`pass`, endpoints are example.invalid / 127.0.0.1.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import signal
import stat
import struct
import subprocess
import tarfile
import tempfile
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from antivenom import cli
from antivenom.engines import semgrep_process as semgrep_engine
from antivenom.sources import local as sources_local
from click.testing import CliRunner

# A line every test can rely on: rules/semgrep/code-execution/exec-decoded-payload.yaml
# flags exec() of base64-decoded data (HIGH/ERROR). "cGFzcw==" decodes to `pass`.
PAYLOAD_RULE = "exec-decoded-payload"
PAYLOAD_LINE = 'exec(base64.b64decode("cGFzcw=="))'
PAYLOAD = f"import base64\n\n{PAYLOAD_LINE}\n"  # the exec is on line 3
PAYLOAD_LINENO = 3
CLEAN = "def add(a, b):\n    return a + b\n"

MB = 1024 * 1024


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def pkg_info(name: str, version: str) -> str:
    return f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\nSummary: test fixture\n"


def sdist_tree(name: str, version: str, code: dict[str, str]) -> dict[str, str | bytes]:
    """Files of an sdist, under its single name-version/ folder."""
    top = f"{name}-{version}"
    files: dict[str, str | bytes] = {
        f"{top}/PKG-INFO": pkg_info(name, version),
        f"{top}/setup.py": "from setuptools import setup\n\nsetup()\n",
    }
    files.update({f"{top}/{path}": text for path, text in code.items()})
    return files


def wheel_tree(name: str, version: str, code: dict[str, str]) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {f"{name}-{version}.dist-info/METADATA": pkg_info(name, version)}
    files.update(code)
    return files


def egg_tree(name: str, version: str, code: dict[str, str]) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {"EGG-INFO/PKG-INFO": pkg_info(name, version)}
    files.update(code)
    return files


def _data(content: str | bytes) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else content


def make_tar(path: Path, files: dict[str, str | bytes], mode: str = "w:gz") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(path, mode) as tar:
        for name, content in files.items():
            data = _data(content)
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mode = 0o755  # extraction must drop execute bits
            tar.addfile(info, io.BytesIO(data))
    return path


def make_zip(path: Path, files: dict[str, str | bytes], compression: int = zipfile.ZIP_DEFLATED) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression) as zf:
        for name, content in files.items():
            zf.writestr(name, _data(content))
    return path


def tar_members(path: Path, members: list[tuple[tarfile.TarInfo, bytes | None]], mode: str = "w:gz",
                **kwargs) -> Path:
    """A tar of hand-made members (links, devices, odd names); data None for non-files."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(path, mode, **kwargs) as tar:
        for info, data in members:
            if data is not None:
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
            else:
                tar.addfile(info)
    return path


def tarinfo(name: str, kind: bytes = tarfile.REGTYPE, linkname: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = linkname
    info.mode = 0o644
    return info


# -- hostile archives -----------------------------------------------------------------

# Caps used wherever hostile archives are scanned: small, so the bombs stay small.
CAP_MEMBER_MB, CAP_TOTAL_MB, CAP_MEMBERS = 1, 3, 200


@dataclass(frozen=True)
class Hostile:
    path: Path
    reason: str  # a regular expression the package's error must match
    escape: Path | None = None  # a path outside the extraction dir the archive aims at


def hostile_archives(directory: Path, outside: Path) -> dict[str, Hostile]:
    """One archive per attack; `outside` is a folder an escaping member would write into."""
    directory.mkdir(parents=True, exist_ok=True)
    outside.mkdir(parents=True, exist_ok=True)
    ok = b"print('fine')\n"
    out: dict[str, Hostile] = {}

    def add(label: str, path: Path, reason: str, escape: Path | None = None) -> None:
        out[label] = Hostile(path, reason, escape)

    # ../ deep enough to leave any temporary extraction folder, aimed at a unique name.
    dots = "../" * 12
    add("tar-traversal", tar_members(directory / "h-tar-traversal-1.0.tar.gz", [
        (tarinfo("h-1.0/setup.py"), ok),
        (tarinfo(f"h-1.0/{dots}escaped-by-tar-traversal.txt"), b"escaped\n"),
    ]), r"path traversal", None)
    absolute = outside / "escaped-by-absolute.txt"
    add("tar-absolute", tar_members(directory / "h-tar-absolute-1.0.tar.gz", [
        (tarinfo("h-1.0/setup.py"), ok),
        (tarinfo(str(absolute)), b"escaped\n"),
    ]), r"absolute path", absolute)
    add("tar-symlink", tar_members(directory / "h-tar-symlink-1.0.tar.gz", [
        (tarinfo("h-1.0/link", tarfile.SYMTYPE, str(outside)), None),
        (tarinfo("h-1.0/link/escaped-by-symlink.txt"), b"escaped\n"),
    ]), r"link in archive", outside / "escaped-by-symlink.txt")
    add("tar-hardlink", tar_members(directory / "h-tar-hardlink-1.0.tar.gz", [
        (tarinfo("h-1.0/setup.py"), ok),
        (tarinfo("h-1.0/passwd", tarfile.LNKTYPE, "/etc/passwd"), None),
    ]), r"link in archive")
    device = tarinfo("h-1.0/dev-null", tarfile.CHRTYPE)
    device.devmajor, device.devminor = 1, 3
    add("tar-device", tar_members(directory / "h-tar-device-1.0.tar.gz", [
        (tarinfo("h-1.0/setup.py"), ok), (device, None),
    ]), r"device, fifo or special member")
    add("tar-fifo", tar_members(directory / "h-tar-fifo-1.0.tar.gz", [
        (tarinfo("h-1.0/setup.py"), ok), (tarinfo("h-1.0/pipe", tarfile.FIFOTYPE), None),
    ]), r"device, fifo or special member")
    add("tar-non-utf8", tar_members(directory / "h-tar-nonutf8-1.0.tar.gz", [
        (tarinfo("h-1.0/caf\xe9.py"), ok),
    ], format=tarfile.GNU_FORMAT, encoding="latin-1"), r"not valid UTF-8")

    link = zipfile.ZipInfo("h-1.0/link")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    zpath = directory / "h-zip-symlink-1.0.zip"
    with zipfile.ZipFile(zpath, "w") as zf:
        zf.writestr("h-1.0/setup.py", ok)
        zf.writestr(link, str(outside))
    add("zip-symlink", zpath, r"link in archive")
    fifo = zipfile.ZipInfo("h-1.0/pipe")
    fifo.external_attr = (stat.S_IFIFO | 0o644) << 16
    zpath = directory / "h-zip-fifo-1.0.zip"
    with zipfile.ZipFile(zpath, "w") as zf:
        zf.writestr("h-1.0/setup.py", ok)
        zf.writestr(fifo, b"")
    add("zip-fifo", zpath, r"device, fifo or special member")
    add("zip-traversal", make_zip(directory / "h-zip-traversal-1.0.zip", {
        "h-1.0/setup.py": ok, f"{dots}escaped-by-zip-traversal.txt": b"escaped\n",
    }), r"path traversal")
    add("zip-absolute", make_zip(directory / "h-zip-absolute-1.0.zip", {
        "h-1.0/setup.py": ok, str(outside / "escaped-by-zip-absolute.txt"): b"escaped\n",
    }), r"absolute path", outside / "escaped-by-zip-absolute.txt")

    # Bombs: a member over the member cap, members summing over the total cap, too many members.
    add("bomb-member", make_tar(directory / "h-bomb-member-1.0.tar.gz", {
        "h-1.0/setup.py": ok, "h-1.0/zeros.bin": bytes(2 * MB),
    }), r"over the \d+ cap|expands past")
    add("bomb-total", make_tar(directory / "h-bomb-total-1.0.tar.gz", {
        "h-1.0/setup.py": ok, **{f"h-1.0/zeros{i}.bin": bytes(900 * 1024) for i in range(4)},
    }), r"total cap")
    add("bomb-members", make_tar(directory / "h-bomb-members-1.0.tar.gz", {
        f"h-1.0/m{i}.txt": b"x" for i in range(CAP_MEMBERS + 5)
    }), rf"more than {CAP_MEMBERS} members")
    add("zip-lying-size", lying_zip(directory / "h-zip-lying-1.0.zip", 2 * MB, claimed=100),
        r"corrupt or unreadable|cap")

    good = make_tar(directory / "scratch-good.tar.gz", sdist_tree("h", "1.0", {"h/__init__.py": CLEAN}))
    truncated = directory / "h-truncated-1.0.tar.gz"
    blob = good.read_bytes()
    truncated.write_bytes(blob[: len(blob) // 2])
    good.unlink()
    add("truncated-tgz", truncated, r"corrupt or unreadable")
    add("zip-bad-crc", corrupt_crc_zip(directory / "h-zip-badcrc-1.0.zip"), r"corrupt or unreadable.*CRC")
    return out


def lying_zip(path: Path, real_size: int, claimed: int) -> Path:
    """A deflated zip member whose local and central headers claim `claimed` bytes."""
    make_zip(path, {"h-1.0/setup.py": b"print('fine')\n", "h-1.0/zeros.bin": bytes(real_size)})
    data = bytearray(path.read_bytes())
    packed_real = struct.pack("<I", real_size)
    # Local header: uncompressed size at +22; central header: at +24. Patch the member whose size is real_size.
    for signature, at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            if data[start + at:start + at + 4] == packed_real:
                data[start + at:start + at + 4] = struct.pack("<I", claimed)
            start += 4
    path.write_bytes(bytes(data))
    return path


def corrupt_crc_zip(path: Path) -> Path:
    content = b"print('stored, then one byte flipped')\n"
    make_zip(path, {"h-1.0/setup.py": content}, compression=zipfile.ZIP_STORED)
    data = bytearray(path.read_bytes())
    at = data.find(content)
    data[at] ^= 0x01
    path.write_bytes(bytes(data))
    return path


def files_under(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*")}


# -- a local package index ---------------------------------------------------------------


@dataclass
class IndexServer:
    base: str
    requests: list[str] = field(default_factory=list)
    user_agents: list[str] = field(default_factory=list)  # of each request, in the same order

    @property
    def html_url(self) -> str:
        return f"{self.base}/simple"

    @property
    def json_url(self) -> str:
        return f"{self.base}/json/simple"


@dataclass(frozen=True)
class IndexFile:
    project: str
    path: Path
    yanked: bool = False
    wrong_sha256: bool = False


def index_pages(files: list[IndexFile]) -> dict[str, tuple[str, bytes]]:
    """URL path -> (content type, body): PEP 503 HTML under /simple, PEP 691 JSON under /json/simple."""
    pages: dict[str, tuple[str, bytes]] = {}
    projects: dict[str, list[IndexFile]] = {}
    for entry in files:
        projects.setdefault(entry.project, []).append(entry)
        pages[f"/files/{entry.path.name}"] = ("application/octet-stream", entry.path.read_bytes())
    for project, entries in projects.items():
        rows, anchors = [], []
        for entry in entries:
            digest = hashlib.sha256(entry.path.read_bytes()).hexdigest()
            if entry.wrong_sha256:
                digest = hashlib.sha256(b"not these bytes").hexdigest()
            rows.append({"filename": entry.path.name, "url": f"../../../files/{entry.path.name}",
                         "hashes": {"sha256": digest}, "yanked": entry.yanked})
            yanked = ' data-yanked=""' if entry.yanked else ""
            anchors.append(f'<a href="../../files/{entry.path.name}#sha256={digest}"{yanked}>{entry.path.name}</a><br>')
        html = f"<!DOCTYPE html><html><body><h1>{project}</h1>{''.join(anchors)}</body></html>"
        pages[f"/simple/{project}/"] = ("text/html", html.encode())
        body = {"meta": {"api-version": "1.0"}, "name": project, "files": rows}
        pages[f"/json/simple/{project}/"] = ("application/vnd.pypi.simple.v1+json", json.dumps(body).encode())
    return pages


@contextmanager
def serve_index(pages: dict[str, tuple[str, bytes]]) -> Iterator[IndexServer]:
    """http.server on 127.0.0.1 in a thread; 404 for anything not in `pages`."""
    server_state = IndexServer("")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            server_state.requests.append(self.path)
            server_state.user_agents.append(self.headers.get("User-Agent", ""))
            page = pages.get(self.path.split("?", 1)[0])
            if page is None:
                self.send_error(404)
                return
            content_type, body = page
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server_state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield server_state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


PYPI_TARGETS = ["pypi:goodpkg", "pypi:goodpkg==1.0", "pypi:sdistonly", "pypi:badhash", "pypi:nosuchproject"]


def build_index_files(directory: Path) -> list[IndexFile]:
    """goodpkg: 1.0 (clean), 2.0 (payload; sdist + two wheels), 2.5 yanked, 3.0rc1 pre-release;
    sdistonly 0.1 (payload in setup.py, no wheel); badhash 1.0 (index sha256 is wrong)."""
    def code(payload: bool) -> dict[str, str]:
        return {"goodpkg/__init__.py": PAYLOAD if payload else CLEAN}

    files = [
        IndexFile("goodpkg", make_tar(directory / "goodpkg-1.0.tar.gz", sdist_tree("goodpkg", "1.0", code(False)))),
        IndexFile("goodpkg", make_zip(directory / "goodpkg-1.0-py3-none-any.whl",
                                      wheel_tree("goodpkg", "1.0", code(False)))),
        IndexFile("goodpkg", make_tar(directory / "goodpkg-2.0.tar.gz", sdist_tree("goodpkg", "2.0", code(True)))),
        IndexFile("goodpkg", make_zip(directory / "goodpkg-2.0-cp311-cp311-manylinux_2_17_x86_64.whl",
                                      wheel_tree("goodpkg", "2.0", code(True)))),
        IndexFile("goodpkg", make_zip(directory / "goodpkg-2.0-py3-none-any.whl",
                                      wheel_tree("goodpkg", "2.0", code(True)))),
        IndexFile("goodpkg", make_tar(directory / "goodpkg-2.5.tar.gz", sdist_tree("goodpkg", "2.5", code(True))),
                  yanked=True),
        IndexFile("goodpkg", make_tar(directory / "goodpkg-3.0rc1.tar.gz",
                                      sdist_tree("goodpkg", "3.0rc1", code(True)))),
        IndexFile("sdistonly", make_tar(directory / "sdistonly-0.1.tar.gz", {
            **sdist_tree("sdistonly", "0.1", {"sdistonly/__init__.py": CLEAN}),
            "sdistonly-0.1/setup.py": PAYLOAD + "\nfrom setuptools import setup\n\nsetup()\n",
        })),
        IndexFile("badhash", make_tar(directory / "badhash-1.0.tar.gz", sdist_tree("badhash", "1.0", code(False))),
                  wrong_sha256=True),
    ]
    return files


def leftover_scan_dirs(tmp_root: Path) -> list[str]:
    return sorted(name for name in os.listdir(tmp_root) if name.startswith("antivenom-"))


# -- code that must never run ------------------------------------------------------------

NEVER_RUN_MARKERS = ("setup_py", "init_py", "pth", "conftest_py", "tests_conftest_py")


def never_run_tree(marker_dir: Path) -> dict[str, str]:
    """A package whose setup.py, __init__.py, .pth and conftest.py files each write a
    marker into `marker_dir` if executed or imported. setup.py also carries the payload,
    so a finding there proves the file was read."""
    def marker(name: str) -> str:
        target = (marker_dir / name).as_posix()
        return f"import pathlib\npathlib.Path({target!r}).write_text('executed')\n"

    target_pth = (marker_dir / "pth").as_posix()
    return {
        "setup.py": marker("setup_py") + PAYLOAD,
        "pyproject.toml": '[project]\nname = "neverrun"\nversion = "1.0"\n',
        "neverrun/__init__.py": marker("init_py"),
        # site.py executes .pth lines that start with `import`.
        "neverrun_hook.pth": f"import pathlib; pathlib.Path({target_pth!r}).write_text('executed')\n",
        "conftest.py": marker("conftest_py"),
        "tests/conftest.py": marker("tests_conftest_py"),
    }


# -- payloads where Semgrep looks away by default ---------------------------------------

def skip_git_tree() -> dict[str, str]:
    """Hidden by .gitignore, by the package's own .semgrepignore, by `# nosemgrep`, by
    size (> 1 MB) and by having no extension. The .semgrepignore also replaces Semgrep's
    default ignore list, so the folder-name cases live in skip_dirs_tree()."""
    padding = ("# " + "p" * 97 + "\n") * 11_000  # 1.1 MB of comment lines
    return {
        "pyproject.toml": '[project]\nname = "skipgit"\nversion = "1.0"\n',
        ".gitignore": "skipgit/ignored_by_git.py\n",
        ".semgrepignore": "skipgit/ignored_by_semgrepignore.py\n",
        "skipgit/__init__.py": CLEAN,
        "skipgit/ignored_by_git.py": PAYLOAD,
        "skipgit/ignored_by_semgrepignore.py": PAYLOAD,
        "skipgit/nosem.py": f"import base64\n\n{PAYLOAD_LINE}  # nosemgrep\n",
        "skipgit/big.py": padding + PAYLOAD,
        "bin/skipgit-tool": "#!/usr/bin/env python\n" + PAYLOAD,
    }


def minified_line() -> str:
    statements = ";".join(f"v{i}={i}" for i in range(150))
    blob = "Q" * 2500
    return f'import base64;{statements};D="{blob}";{PAYLOAD_LINE};w=len(D)\n'


def skip_dirs_tree() -> dict[str, str]:
    """Folders Semgrep's default .semgrepignore drops, and a minified one-line file."""
    return {
        "pyproject.toml": '[project]\nname = "skipdirs"\nversion = "1.0"\n',
        "skipdirs/__init__.py": CLEAN,
        "tests/test_payload.py": PAYLOAD,
        "vendor/vendored.py": PAYLOAD,
        "build/lib/built.py": PAYLOAD,
        "skipdirs/minified.py": minified_line(),
    }


# path in the package -> line of the payload
SKIP_CASES = {
    "skipgit": {
        "skipgit/ignored_by_git.py": PAYLOAD_LINENO,
        "skipgit/ignored_by_semgrepignore.py": PAYLOAD_LINENO,
        "skipgit/nosem.py": PAYLOAD_LINENO,
        "skipgit/big.py": 11_000 + PAYLOAD_LINENO,
        "bin/skipgit-tool": PAYLOAD_LINENO + 1,
    },
    "skipdirs": {
        "tests/test_payload.py": PAYLOAD_LINENO,
        "vendor/vendored.py": PAYLOAD_LINENO,
        "build/lib/built.py": PAYLOAD_LINENO,
        "skipdirs/minified.py": 1,
    },
}


# -- running the CLI in process ----------------------------------------------------------------


@contextmanager
def keep_sigterm() -> Iterator[None]:
    """`antivenom` installs a SIGTERM handler (raise SystemExit, so temp trees unwind); run in
    process, it would outlive the command and turn a later SIGTERM to pytest into one test's exit."""
    previous = signal.getsignal(signal.SIGTERM)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@dataclass
class CliRun:
    args: list[str]
    exit_code: int
    stdout: str
    stderr: str
    cwd: Path
    tmp_root: Path
    leftovers: list[str]  # entries left in the temporary root after the run
    semgrep_commands: list[list[str]] = field(default_factory=list)
    extract_dests: list[Path] = field(default_factory=list)
    report: dict | None = None

    def packages(self, target: str) -> list[dict]:
        assert self.report is not None
        return [p for p in self.report["packages"] if p["target"] == target]

    def package(self, target: str) -> dict:
        found = self.packages(target)
        assert len(found) == 1, f"{target}: {len(found)} packages in the report"
        return found[0]


def invoke(args: list[str], cwd: Path, tmp_root: Path, output: Path | None = None) -> CliRun:
    """Run `antivenom` in process from `cwd`, with tempfile's root redirected to `tmp_root`
    (so leftovers are ours to count), counting Semgrep processes and extraction targets."""
    tmp_root.mkdir(parents=True, exist_ok=True)
    commands: list[list[str]] = []
    dests: list[Path] = []
    real_popen, real_extract = subprocess.Popen, sources_local.extract

    def popen_spy(command, *args, **kwargs):
        commands.append([str(c) for c in command])
        return real_popen(command, *args, **kwargs)

    def extract_spy(archive, dest, limits=None):
        dests.append(Path(dest))
        return real_extract(archive, dest, limits)

    with pytest.MonkeyPatch.context() as mp, keep_sigterm():
        mp.chdir(cwd)
        mp.setattr(tempfile, "tempdir", str(tmp_root))
        mp.setattr(semgrep_engine.subprocess, "Popen", popen_spy)
        mp.setattr(sources_local, "extract", extract_spy)
        result = CliRunner().invoke(cli.main, args, catch_exceptions=False)
    run = CliRun(args, result.exit_code, result.stdout, result.stderr, cwd, tmp_root,
                 sorted(os.listdir(tmp_root)),
                 [c for c in commands if Path(c[0]).name == "semgrep"], dests)
    if output is not None and output.exists():
        run.report = json.loads(output.read_text())
    return run


# -- Semgrep as the runner drives it -----------------------------------------------------------------------


def payload_rule_file() -> Path:
    """The pack's rule that PAYLOAD triggers."""
    from antivenom.rule_metadata import semgrep_dir

    (path,) = semgrep_dir().rglob(f"{PAYLOAD_RULE}.yaml")
    return path


def payload_rule_dir(parent: Path) -> Path:
    """A one-rule config folder (PAYLOAD's rule only): fast scans that still go through the runner."""
    rules = parent / "rules"
    rules.mkdir()
    shutil.copy(payload_rule_file(), rules)
    return rules


def spy_semgrep(monkeypatch) -> list[list[str]]:
    """Record the command of every Semgrep process the runner starts (and still start it)."""
    started: list[list[str]] = []
    real = subprocess.Popen

    def spy(command, *args, **kwargs):
        if Path(command[0]).name == "semgrep":
            started.append(list(command))
        return real(command, *args, **kwargs)

    monkeypatch.setattr(semgrep_engine.subprocess, "Popen", spy)
    return started
