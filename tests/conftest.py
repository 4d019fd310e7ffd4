"""Shared fixtures of the runner tests.

Semgrep costs seconds per process, so the CLI is run few times per session: one large
batch (`batch_run`: every target form, the local index, hostile archives, never-run
and Semgrep-skip fixtures, JSON to --output) and two small runs for the SARIF and text
formats. Tests read the parts of those reports they are about.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import avkit
import pytest
from click.testing import CliRunner

from antivenom import cli, semgrep_engine
from antivenom import scanner as scanner_module


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
    real_popen, real_extract = subprocess.Popen, scanner_module.extract

    def popen_spy(command, *args, **kwargs):
        commands.append([str(c) for c in command])
        return real_popen(command, *args, **kwargs)

    def extract_spy(archive, dest, limits=None):
        dests.append(Path(dest))
        return real_extract(archive, dest, limits)

    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(cwd)
        mp.setattr(tempfile, "tempdir", str(tmp_root))
        mp.setattr(semgrep_engine.subprocess, "Popen", popen_spy)
        mp.setattr(scanner_module, "extract", extract_spy)
        result = CliRunner().invoke(cli.main, args, catch_exceptions=False)
    run = CliRun(args, result.exit_code, result.stdout, result.stderr, cwd, tmp_root,
                 sorted(os.listdir(tmp_root)),
                 [c for c in commands if Path(c[0]).name == "semgrep"], dests)
    if output is not None and output.exists():
        run.report = json.loads(output.read_text())
    return run


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
    (forms / "notes.txt").write_text("not a package\n")
    ws.forms = {label: path.relative_to(base).as_posix() for label, path in built.items()}
    ws.forms["missing"] = "forms/does-not-exist"
    ws.forms["not-archive"] = "forms/notes.txt"

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

    (base / ws.requirements).write_text(
        "# what a pinned application's requirements look like\n"
        "--index-url https://example.invalid/simple\n"
        "-e .\n"
        "\n"
        "goodpkg==1.0  # the older release\n"
        "sdistonly \\\n"
        "    --hash=sha256:0000000000000000000000000000000000000000000000000000000000000000\n"
    )
    return ws


@pytest.fixture(scope="session")
def workspace(tmp_path_factory, index_server) -> Workspace:
    return _build_workspace(tmp_path_factory.mktemp("batch"), index_server)


PYPI_TARGETS = ["pypi:goodpkg", "pypi:goodpkg==1.0", "pypi:sdistonly", "pypi:badhash", "pypi:nosuchproject"]


@pytest.fixture(scope="session")
def batch_run(workspace: Workspace, tmp_path_factory) -> CliRun:
    """ONE CLI run over ~45 packages of every kind, JSON written with --output."""
    ws = workspace
    output = tmp_path_factory.mktemp("batch-out") / "report.json"
    targets = [
        *ws.forms.values(), ws.mirror["root"], *(ws.hostile_target(k) for k in ws.hostile),
        *ws.never_run.values(), *ws.skips.values(), *PYPI_TARGETS,
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
