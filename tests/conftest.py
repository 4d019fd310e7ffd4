"""Shared fixtures of the runner tests.

Semgrep costs seconds per process, so the CLI is run few times per session: one large
batch (`batch_run`: every target form, the local index, hostile archives, never-run
and Semgrep-skip fixtures, JSON to --output) and two small runs for the SARIF and text
formats. Tests read the parts of those reports they are about.
"""

from __future__ import annotations

import os
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import avkit
import pytest
from antivenom.index_client import IndexClient
from avkit import CliRun, invoke

# The CLI caches per-file results in the user cache directory: tests never touch the user's,
# and each test starts cold (a warm cache would spare Semgrep runs that tests count).
os.environ["ANTIVENOM_CACHE_DIR"] = tempfile.mkdtemp(prefix="av-test-cache-")


@pytest.fixture(autouse=True)
def _private_result_cache(tmp_path_factory, monkeypatch) -> None:
    monkeypatch.setenv("ANTIVENOM_CACHE_DIR", str(tmp_path_factory.mktemp("result-cache")))


@dataclass
class Workspace:
    """Every fixture package of the CLI runs, as targets relative to `base` (the cwd)."""

    base: Path
    index: avkit.IndexServer
    markers: Path
    forms: dict[str, str] = field(default_factory=dict)
    mirror: dict[str, str] = field(default_factory=dict)
    hostile: dict[str, avkit.Hostile] = field(default_factory=dict)
    never_run: dict[str, str] = field(default_factory=dict)
    skips: dict[str, str] = field(default_factory=dict)
    many: list[str] = field(default_factory=list)
    requirements: str = "requirements.txt"

    def hostile_target(self, label: str) -> str:
        return self.hostile[label].path.relative_to(self.base).as_posix()


@pytest.fixture(scope="session")
def index_server(tmp_path_factory):
    files = avkit.build_index_files(tmp_path_factory.mktemp("index-files"))
    with avkit.serve_index(avkit.index_pages(files)) as server:
        yield server


def _build_workspace(base: Path, index: avkit.IndexServer) -> Workspace:
    ws = Workspace(base, index, base / "markers")
    ws.markers.mkdir()
    forms = base / "forms"

    def code(name: str) -> dict[str, str]:
        return {f"{name}/__init__.py": avkit.PAYLOAD}

    avkit.write_tree(forms / "dirpkg", {"pyproject.toml": '[project]\nname = "dirpkg"\nversion = "1.0"\n',
                                        "dirpkg/core.py": avkit.PAYLOAD, "dirpkg/__init__.py": ""})
    avkit.write_tree(forms / "cleanpkg", {"pyproject.toml": '[project]\nname = "cleanpkg"\nversion = "1.0"\n',
                                          "cleanpkg/__init__.py": avkit.CLEAN})
    built = {
        "dir": forms / "dirpkg",
        "clean-dir": forms / "cleanpkg",
        "tar.gz": avkit.make_tar(forms / "tgzpkg-1.0.tar.gz", avkit.sdist_tree("tgzpkg", "1.0", code("tgzpkg"))),
        "tgz": avkit.make_tar(forms / "tgzalt-1.0.tgz", avkit.sdist_tree("tgzalt", "1.0", code("tgzalt"))),
        "tar.bz2": avkit.make_tar(forms / "bz2pkg-1.0.tar.bz2", avkit.sdist_tree("bz2pkg", "1.0", code("bz2pkg")),
                                  mode="w:bz2"),
        "zip": avkit.make_zip(forms / "zippkg-1.0.zip", avkit.sdist_tree("zippkg", "1.0", code("zippkg"))),
        "whl": avkit.make_zip(forms / "whlpkg-1.0-py3-none-any.whl",
                              avkit.wheel_tree("whlpkg", "1.0", code("whlpkg"))),
        "egg": avkit.make_zip(forms / "eggpkg-1.0-py3.11.egg", avkit.egg_tree("eggpkg", "1.0", code("eggpkg"))),
    }
    # .txt/.in targets are requirements files; any other file must be refused, not guessed at.
    built["internal-link"] = avkit.tar_members(forms / "linkpkg-1.0.tar.gz", [
        (avkit.tarinfo("linkpkg-1.0/PKG-INFO"), avkit.pkg_info("linkpkg", "1.0").encode()),
        (avkit.tarinfo("linkpkg-1.0/AGENTS.md"), b"# notes\n"),
        (avkit.tarinfo("linkpkg-1.0/CLAUDE.md", tarfile.SYMTYPE, "AGENTS.md"), None),
        (avkit.tarinfo("linkpkg-1.0/linkpkg/__init__.py"), avkit.PAYLOAD.encode()),
    ])
    (forms / "notes.md").write_text("not a package\n")
    ws.forms = {label: path.relative_to(base).as_posix() for label, path in built.items()}
    ws.forms["missing"] = "forms/does-not-exist"
    ws.forms["not-archive"] = "forms/notes.md"

    mirror = base / "mirror"
    avkit.make_tar(mirror / "alpha/1.0/alpha-1.0.tar.gz", avkit.sdist_tree("alpha", "1.0", code("alpha")))
    avkit.make_tar(mirror / "beta/2.0/beta-2.0.tar.gz",
                   avkit.sdist_tree("beta", "2.0", {"beta/__init__.py": avkit.CLEAN}))
    avkit.make_zip(mirror / "beta/2.0/beta-2.0-py3-none-any.whl", avkit.wheel_tree("beta", "2.0", code("beta")))
    ws.mirror = {"root": "mirror", "alpha": "mirror/alpha/1.0/alpha-1.0.tar.gz",
                 "beta-sdist": "mirror/beta/2.0/beta-2.0.tar.gz",
                 "beta-wheel": "mirror/beta/2.0/beta-2.0-py3-none-any.whl"}

    ws.hostile = avkit.hostile_archives(base / "hostile", base / "outside")

    never = avkit.never_run_tree(ws.markers)
    avkit.write_tree(base / "nx/neverrun", never)
    avkit.make_tar(base / "nx/neverrun-1.0.tar.gz", {f"neverrun-1.0/{k}": v for k, v in never.items()})
    ws.never_run = {"dir": "nx/neverrun", "sdist": "nx/neverrun-1.0.tar.gz"}

    skipgit = avkit.write_tree(base / "skips/skipgit", avkit.skip_git_tree())
    subprocess.run(["git", "init", "-q", str(skipgit)], check=True)
    avkit.write_tree(base / "skips/skipdirs", avkit.skip_dirs_tree())
    ws.skips = {"skipgit": "skips/skipgit", "skipdirs": "skips/skipdirs"}

    # Small clean packages, so the batch holds more than 50 packages.
    for i in range(6):
        avkit.write_tree(base / f"many/m{i}", {"setup.py": "", f"m{i}/__init__.py": avkit.CLEAN})
    ws.many = [f"many/m{i}" for i in range(6)]

    # The file's own --index-url (the JSON variant of the same index) is honoured for its entries;
    # -e cannot be fetched and becomes an error package; the --hash pin is verified.
    (sdist_only,) = IndexClient(index.html_url).list_files("sdistonly")
    (base / ws.requirements).write_text(
        "# what a pinned application's requirements look like\n"
        f"--index-url {index.json_url}\n"
        "-e .\n"
        "\n"
        "goodpkg==1.0  # the older release\n"
        "sdistonly \\\n"
        f"    --hash=sha256:{sdist_only.sha256}\n"
    )
    return ws


@pytest.fixture(scope="session")
def workspace(tmp_path_factory, index_server) -> Workspace:
    return _build_workspace(tmp_path_factory.mktemp("batch"), index_server)


@pytest.fixture(scope="session")
def batch_run(workspace: Workspace, tmp_path_factory) -> CliRun:
    """ONE CLI run over ~45 packages of every kind, JSON written with --output."""
    ws = workspace
    output = tmp_path_factory.mktemp("batch-out") / "report.json"
    targets = [
        *ws.forms.values(), ws.mirror["root"], *(ws.hostile_target(k) for k in ws.hostile),
        *ws.never_run.values(), *ws.skips.values(), *ws.many, *avkit.PYPI_TARGETS,
    ]
    args = ["scan", *targets, "-r", ws.requirements, "--index-url", ws.index.html_url,
            "--format", "json", "--output", str(output), "--jobs", "2",
            "--max-member-mb", str(avkit.CAP_MEMBER_MB), "--max-total-mb", str(avkit.CAP_TOTAL_MB),
            "--max-members", str(avkit.CAP_MEMBERS)]
    return invoke(args, ws.base, tmp_path_factory.mktemp("tmproot-batch"), output)


SARIF_TARGETS = ("dir", "tar.gz", "clean-dir")


@pytest.fixture(scope="session")
def sarif_run(workspace: Workspace, tmp_path_factory) -> CliRun:
    ws = workspace
    args = ["scan", *(ws.forms[k] for k in SARIF_TARGETS), ws.hostile_target("tar-traversal"),
            "--format", "sarif", "--exit-zero", "--jobs", "2"]
    return invoke(args, ws.base, tmp_path_factory.mktemp("tmproot-sarif"))


TEXT_TARGETS = ("dir", "whl", "clean-dir")


@pytest.fixture(scope="session")
def text_run(workspace: Workspace, tmp_path_factory) -> CliRun:
    ws = workspace
    args = ["scan", *(ws.forms[k] for k in TEXT_TARGETS), ws.hostile_target("zip-symlink"), "--jobs", "2"]
    return invoke(args, ws.base, tmp_path_factory.mktemp("tmproot-text"))
