"""What the user names becomes packages: sources.resolve and its helpers (no scanning here),
then the same target forms as they come out of a real CLI batch."""

from __future__ import annotations

import json
import os
from pathlib import Path

import avkit
import pytest
from antivenom.index_client import IndexClient
from antivenom.sources import name_version_from_filename, read_metadata, resolve


@pytest.mark.parametrize("filename,expected", [
    ("demo-1.0.tar.gz", ("demo", "1.0")),
    ("demo_pkg-2.3.1.tgz", ("demo-pkg", "2.3.1")),
    ("demo-1.0.tar.bz2", ("demo", "1.0")),
    ("demo-1.0.zip", ("demo", "1.0")),
    ("Demo_Pkg-1.0-py3-none-any.whl", ("demo-pkg", "1.0")),
    ("demo-1.0-py3.11.egg", ("demo", "1.0")),
    ("weird name.tar.gz", ("weird name", None)),
])
def test_name_version_from_filename(filename, expected):
    assert name_version_from_filename(filename) == expected


def test_read_metadata_prefers_package_metadata_files(tmp_path):
    avkit.write_tree(tmp_path / "sdist", {"PKG-INFO": avkit.pkg_info("fromPkgInfo", "3.1")})
    avkit.write_tree(tmp_path / "wheel", avkit.wheel_tree("fromwheel", "0.2", {}))
    avkit.write_tree(tmp_path / "egg", avkit.egg_tree("fromegg", "0.3", {}))
    avkit.write_tree(tmp_path / "proj", {"pyproject.toml": '[project]\nname = "frompyproject"\nversion = "4"\n'})
    avkit.write_tree(tmp_path / "broken", {"pyproject.toml": "[project\nname = "})
    assert read_metadata(tmp_path / "sdist") == ("fromPkgInfo", "3.1")
    assert read_metadata(tmp_path / "wheel") == ("fromwheel", "0.2")
    assert read_metadata(tmp_path / "egg") == ("fromegg", "0.3")
    assert read_metadata(tmp_path / "proj") == ("frompyproject", "4")
    assert read_metadata(tmp_path / "broken") == (None, None)


def test_read_metadata_never_follows_a_symlinked_pkg_info(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text(avkit.pkg_info("leaked", "9"))
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg/PKG-INFO").symlink_to(secret)
    assert read_metadata(tmp_path / "pkg") == (None, None)


def test_local_targets_one_package_each(tmp_path):
    avkit.write_tree(tmp_path / "proj", {"pyproject.toml": '[project]\nname = "proj"\nversion = "1"\n'})
    sdist = avkit.make_tar(tmp_path / "demo-1.0.tar.gz", avkit.sdist_tree("demo", "1.0", {}))
    wheel = avkit.make_zip(tmp_path / "demo-1.0-py3-none-any.whl", avkit.wheel_tree("demo", "1.0", {}))
    (tmp_path / "notes.md").write_text("no\n")
    packages = resolve([str(tmp_path / "proj"), str(sdist), str(wheel), str(tmp_path / "notes.md"),
                        str(tmp_path / "missing")], [])
    assert [p.target for p in packages] == [str(tmp_path / n) for n in
                                            ("proj", sdist.name, wheel.name, "notes.md", "missing")]
    proj, tar, whl, notes, missing = packages
    assert (proj.name, proj.version, proj.root, proj.error) == ("proj", "1", tmp_path / "proj", None)
    assert (tar.name, tar.version, tar.root, tar.source) == ("demo", "1.0", None, sdist)  # extracted later
    assert (whl.name, whl.version) == ("demo", "1.0")
    assert "not a directory or a package archive" in notes.error
    assert "no such file or directory" in missing.error


def test_relative_and_symlinked_directories_get_an_absolute_real_root(tmp_path, monkeypatch):
    # Semgrep runs from the scan's temporary directory and does not descend into a symlinked
    # root: a relative or linked root used to give an exit-2 run error or silently no findings.
    real = avkit.write_tree(tmp_path / "real", {"setup.py": "", "m.py": avkit.CLEAN})
    (tmp_path / "link").symlink_to(real, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    relative, linked = resolve(["real", "link"], [])
    assert relative.target == "real" and relative.root == real.resolve() and relative.root.is_absolute()
    assert linked.target == "link" and linked.root == real.resolve()


def test_folder_without_package_markers_is_a_folder_of_archives(tmp_path):
    mirror = tmp_path / "mirror"
    avkit.make_tar(mirror / "alpha/1.0/alpha-1.0.tar.gz", avkit.sdist_tree("alpha", "1.0", {}))
    avkit.make_zip(mirror / "beta/2.0/beta-2.0-py3-none-any.whl", avkit.wheel_tree("beta", "2.0", {}))
    avkit.make_tar(mirror / "gamma-0.1.tar.gz", avkit.sdist_tree("gamma", "0.1", {}))
    (mirror / "index.html").write_text("<html></html>")
    packages = resolve([str(mirror)], [])
    assert sorted((p.name, p.version) for p in packages) == [("alpha", "1.0"), ("beta", "2.0"), ("gamma", "0.1")]
    assert all(p.target == str(p.source) and p.root is None for p in packages)


def test_folder_with_setup_py_is_one_package_even_with_archives_inside(tmp_path):
    proj = avkit.write_tree(tmp_path / "proj", {"setup.py": "", "proj/__init__.py": ""})
    avkit.make_zip(proj / "tests/data/fixture-1.0.zip", {"a.py": ""})
    packages = resolve([str(proj)], [])
    assert len(packages) == 1 and packages[0].root == proj.resolve()


@pytest.mark.parametrize("variant", ["html", "json"])
def test_index_targets_and_requirements(index_server, tmp_path, variant):
    url = index_server.html_url if variant == "html" else index_server.json_url
    requirements = tmp_path / "requirements.txt"
    requirements.write_text(f"# app\n--index-url {url}\ngoodpkg==1.0  # old\nsdistonly\n")
    packages = resolve(avkit.PYPI_TARGETS, [requirements], IndexClient(url), tmp_path / "dl")
    got = [(p.target, p.name, p.version, p.source.name if p.source else None, p.error) for p in packages]
    assert got[:5] == [
        ("pypi:goodpkg", "goodpkg", "2.0", "goodpkg-2.0.tar.gz", None),
        ("pypi:goodpkg", "goodpkg", "2.0", "goodpkg-2.0-py3-none-any.whl", None),  # the pure wheel is preferred
        ("pypi:goodpkg==1.0", "goodpkg", "1.0", "goodpkg-1.0.tar.gz", None),
        ("pypi:goodpkg==1.0", "goodpkg", "1.0", "goodpkg-1.0-py3-none-any.whl", None),
        ("pypi:sdistonly", "sdistonly", "0.1", "sdistonly-0.1.tar.gz", None),
    ]
    badhash, missing = packages[5], packages[6]
    assert badhash.target == "pypi:badhash" and "sha256 does not match" in badhash.error
    assert missing.target == "pypi:nosuchproject" and "HTTP 404" in missing.error
    assert [(p.target, p.version) for p in packages[7:]] == [
        ("requirements.txt: goodpkg==1.0", "1.0"), ("requirements.txt: goodpkg==1.0", "1.0"),
        ("requirements.txt: sdistonly", "0.1"),
    ]
    for package in packages:
        if package.error is None:
            assert package.source.is_file() and package.source.is_relative_to(tmp_path / "dl")


def test_requirements_file_named_as_a_target(index_server, tmp_path):
    requirements = tmp_path / "requirements-dev.txt"
    requirements.write_text("sdistonly==0.1\n")
    packages = resolve([str(requirements)], [], IndexClient(index_server.html_url), tmp_path / "dl")
    assert [(p.target, p.name, p.version, p.error) for p in packages] == [
        ("requirements-dev.txt: sdistonly==0.1", "sdistonly", "0.1", None)]


def test_direct_url_and_invalid_requirements_are_errors_not_fetches(index_server, tmp_path):
    before = len(index_server.requests)
    packages = resolve(["pypi:evil @ https://example.invalid/evil-1.0.tar.gz", "pypi:not a requirement",
                        "pypi:goodpkg===notaversion"], [], IndexClient(index_server.html_url), tmp_path / "dl")
    assert "direct URL requirement" in packages[0].error
    assert "invalid requirement" in packages[1].error
    assert "not a valid version" in packages[2].error  # used to raise and abort the whole batch
    assert all(r.startswith("/simple/") for r in index_server.requests[before:])


# -- requirements files, special files, hostile metadata (issue 13) ------------------------------------


def _summary(packages) -> list[tuple]:
    return [(p.target, p.version, p.error) for p in packages]


def test_requirements_follow_r_and_c_and_honour_the_files_index(index_server, tmp_path):
    (tmp_path / "base.txt").write_text("-c constraints.txt\ngoodpkg\n")
    (tmp_path / "constraints.txt").write_text("goodpkg==1.0\nnotinstalled==9\n")
    top = tmp_path / "requirements.txt"
    top.write_text(f"--index-url {index_server.json_url}\n-r base.txt\nsdistonly\n")
    unreachable = IndexClient("http://127.0.0.1:9/simple", timeout=2)
    packages = resolve([], [top], unreachable, tmp_path / "dl")
    assert _summary(packages) == [("base.txt: goodpkg", "1.0", None), ("base.txt: goodpkg", "1.0", None),
                                  ("requirements.txt: sdistonly", "0.1", None)]


def test_requirements_lines_that_cannot_be_fetched_are_error_packages(index_server, tmp_path):
    top = tmp_path / "requirements.txt"
    top.write_text("-e .\n./vendor/pkg\nevil @ https://example.invalid/e.tar.gz\n--frobnicate\n-r missing.txt\n"
                   "sdistonly==0.1\n")
    packages = resolve([str(top)], [], IndexClient(index_server.html_url), tmp_path / "dl")
    errors = [p.error for p in packages if p.error]
    assert len(errors) == 5 and packages[-1].version == "0.1" and packages[-1].error is None
    for expected, error in zip(("editable", "local path", "direct URL", "unknown option", "not read"), errors,
                               strict=True):
        assert expected in error


def test_requirements_hash_pins_are_verified(index_server, tmp_path):
    (release,) = IndexClient(index_server.html_url).list_files("sdistonly")
    top = tmp_path / "requirements.txt"
    top.write_text(f"sdistonly --hash=sha256:{release.sha256}\ngoodpkg==1.0 --hash=sha256:{'0' * 64}\n")
    good, bad = resolve([], [top], IndexClient(index_server.html_url), tmp_path / "dl")
    assert good.error is None and good.version == "0.1"
    assert bad.source is None and "matches the --hash pins" in bad.error


def test_conflicting_pins_and_bad_index_urls_are_errors(index_server, tmp_path):
    (tmp_path / "c.txt").write_text("goodpkg==2.0\n")
    top = tmp_path / "requirements.txt"
    top.write_text("-c c.txt\ngoodpkg==1.0\n")
    (conflict,) = resolve([], [top], IndexClient(index_server.html_url), tmp_path / "dl")
    assert "conflicting pins 1.0, 2.0" in conflict.error
    top.write_text("--index-url ftp://example.invalid/simple\ngoodpkg==1.0\n")
    (refused,) = resolve([], [top], IndexClient(index_server.html_url), tmp_path / "dl")
    assert "only https, http and file indexes" in refused.error


def test_extra_index_urls_are_all_asked(index_server, tmp_path):
    # A project only the extra index has: pip would find it there, so it is fetched from there.
    project = "extraonly"
    other_files = [avkit.IndexFile(project, avkit.make_tar(tmp_path / "other/extraonly-1.0.tar.gz",
                                                           avkit.sdist_tree(project, "1.0", {})))]
    with avkit.serve_index(avkit.index_pages(other_files)) as other:
        top = tmp_path / "requirements.txt"
        top.write_text(f"--extra-index-url {other.html_url}\n{project}\nsdistonly\n")
        packages = resolve([], [top], IndexClient(index_server.html_url), tmp_path / "dl")
    from_extra = [p for p in packages if p.source and "index1" in p.source.parts]
    assert from_extra and all(p.target == f"requirements.txt: {project}" for p in from_extra)
    sdist_only = [p for p in packages if p.target == "requirements.txt: sdistonly"]
    assert [p.error for p in sdist_only] == [None]  # missing on the extra index: fine


def test_special_files_as_targets_are_never_opened(tmp_path):
    os.mkfifo(tmp_path / "x.tar.gz")
    os.mkfifo(tmp_path / "requirements.txt")
    (tmp_path / "dangling.tar.gz").symlink_to(tmp_path / "nowhere")
    fifo, requirements, dangling, device = resolve(
        [str(tmp_path / "x.tar.gz"), str(tmp_path / "requirements.txt"), str(tmp_path / "dangling.tar.gz"),
         "/dev/null"], [])
    assert fifo.error == "not a regular file: FIFO: never opened"
    assert requirements.error == "not a regular file: FIFO: never opened"
    assert "no such file" in dangling.error
    assert device.error == "not a regular file: character device: never opened"


def test_mirror_folder_lists_special_and_escaping_archives(tmp_path):
    mirror = tmp_path / "mirror"
    avkit.make_tar(mirror / "alpha/alpha-1.0.tar.gz", avkit.sdist_tree("alpha", "1.0", {}))
    os.mkfifo(mirror / "alpha/fifo-1.0.tar.gz")
    outside = avkit.make_tar(tmp_path / "outside-1.0.tar.gz", avkit.sdist_tree("outside", "1.0", {}))
    (mirror / "out-1.0.tar.gz").symlink_to(outside)
    (mirror / "same-1.0.tar.gz").symlink_to(mirror / "alpha/alpha-1.0.tar.gz")
    packages = resolve([str(mirror)], [])
    assert [(Path(p.target).name, p.error) for p in packages] == [
        ("alpha-1.0.tar.gz", None), ("fifo-1.0.tar.gz", "FIFO: never opened"),
        ("out-1.0.tar.gz", "symlink leading out of the folder: not followed")]


@pytest.mark.parametrize("pyproject", [
    'project = "a string"\n', "project = 3\n", "[project]\nname = 5\n", "x = " + "[" * 5000 + "]" * 5000 + "\n",
    "\udcff not toml",
])
def test_read_metadata_survives_any_pyproject(tmp_path, pyproject):
    (tmp_path / "pyproject.toml").write_bytes(pyproject.encode("utf-8", "surrogateescape"))
    assert read_metadata(tmp_path) == (None, None)


def test_read_metadata_never_opens_special_files_and_bounds_names(tmp_path):
    os.mkfifo(tmp_path / "PKG-INFO")
    (tmp_path / "pyproject.toml").write_text(f'[project]\nname = "{"n" * 100_000}"\nversion = "1"\n')
    name, version = read_metadata(tmp_path)
    assert len(name) == 200 and version == "1"


# -- the same forms through the CLI (one shared batch) ---------------------------------------------


def _payload_findings(package: dict) -> list[dict]:
    return [f for f in package["findings"] if f["rule_id"] == avkit.PAYLOAD_RULE]


@pytest.mark.parametrize("label,name,path", [
    ("dir", "dirpkg", "dirpkg/core.py"),
    ("tar.gz", "tgzpkg", "tgzpkg/__init__.py"),
    ("tgz", "tgzalt", "tgzalt/__init__.py"),
    ("tar.bz2", "bz2pkg", "bz2pkg/__init__.py"),
    ("zip", "zippkg", "zippkg/__init__.py"),
    ("whl", "whlpkg", "whlpkg/__init__.py"),
    ("egg", "eggpkg", "eggpkg/__init__.py"),
])
def test_every_target_form_is_scanned(batch_run, workspace, label, name, path):
    package = batch_run.package(workspace.forms[label])
    assert (package["name"], package["version"], package["error"]) == (name, "1.0", None)
    assert package["files_scanned"] >= 2
    findings = _payload_findings(package)
    # Paths are relative to the package root: an sdist's name-version/ folder is not part of them.
    assert [(f["path"], f["line"]) for f in findings] == [(path, avkit.PAYLOAD_LINENO)]
    assert package["verdict"] == "malicious"


def test_bad_local_targets_are_errors(batch_run, workspace):
    assert "no such file or directory" in batch_run.package(workspace.forms["missing"])["error"]
    assert "not a directory or a package archive" in batch_run.package(workspace.forms["not-archive"])["error"]


def test_mirror_folder_each_archive_its_own_package(batch_run, workspace):
    alpha = batch_run.package(workspace.mirror["alpha"])
    sdist = batch_run.package(workspace.mirror["beta-sdist"])
    wheel = batch_run.package(workspace.mirror["beta-wheel"])
    assert (alpha["name"], alpha["version"], alpha["verdict"]) == ("alpha", "1.0", "malicious")
    assert (sdist["name"], sdist["version"], sdist["verdict"]) == ("beta", "2.0", "clean")
    assert sdist["files_scanned"] >= 3
    assert (wheel["name"], wheel["version"], wheel["verdict"]) == ("beta", "2.0", "malicious")
    assert batch_run.packages(workspace.mirror["root"]) == []  # the folder itself is not a package


def test_index_targets_in_the_batch(batch_run):
    newest = batch_run.packages("pypi:goodpkg")
    assert [(p["version"], p["verdict"]) for p in newest] == [("2.0", "malicious"), ("2.0", "malicious")]
    assert {p["source"].rsplit("/", 1)[-1] for p in newest} == {"goodpkg-2.0.tar.gz", "goodpkg-2.0-py3-none-any.whl"}
    pinned = batch_run.packages("pypi:goodpkg==1.0")
    assert [(p["version"], p["verdict"]) for p in pinned] == [("1.0", "clean"), ("1.0", "clean")]
    assert all(p["files_scanned"] >= 1 for p in pinned)
    (sdist_only,) = batch_run.packages("pypi:sdistonly")
    assert sdist_only["verdict"] == "malicious"
    assert [f["path"] for f in _payload_findings(sdist_only)] == ["setup.py"]
    assert "sha256 does not match" in batch_run.package("pypi:badhash")["error"]
    assert batch_run.package("pypi:badhash")["verdict"] == "error"
    assert "HTTP 404" in batch_run.package("pypi:nosuchproject")["error"]
    assert batch_run.package("pypi:nosuchproject")["verdict"] == "error"


def test_requirements_file_in_the_batch(batch_run):
    old = batch_run.packages("requirements.txt: goodpkg==1.0")
    assert [(p["version"], p["verdict"]) for p in old] == [("1.0", "clean"), ("1.0", "clean")]
    (sdist_only,) = batch_run.packages("requirements.txt: sdistonly")
    assert sdist_only["verdict"] == "malicious"
    (editable,) = batch_run.packages("requirements.txt: -e .")
    assert editable["verdict"] == "error" and "editable requirement" in editable["error"]
    assert not any("--index-url" in p["target"] or "--hash" in p["target"] for p in batch_run.report["packages"])


def test_download_folder_is_temporary(batch_run):
    # Downloads go to a temporary folder that is gone after the run; the report names a fetched
    # archive by its file name only, never by that folder (issue 18: no temporary path in a report).
    assert not [name for name in batch_run.leftovers if name.startswith("antivenom-dl-")]
    fetched = [p for p in batch_run.report["packages"]
               if p["target"].startswith(("pypi:", "requirements.txt")) and p["source"]]
    assert fetched
    for package in fetched:
        assert "/" not in package["source"] and package["source"].endswith((".tar.gz", ".whl")), package["source"]
        assert str(batch_run.tmp_root) not in json.dumps(package)


def test_a_lone_code_file_is_a_package_of_that_file(tmp_path):
    (tmp_path / "setup.py").write_text(avkit.PAYLOAD)
    (tmp_path / "notes.md").write_text("# not code\n")
    os.mkfifo(tmp_path / "pipe.py")
    lone, notes, fifo = resolve([str(tmp_path / "setup.py"), str(tmp_path / "notes.md"), str(tmp_path / "pipe.py")],
                                [])
    assert (lone.error, lone.name, lone.source) == (None, "setup", tmp_path / "setup.py")
    assert "not a directory or a package archive" in notes.error
    assert fifo.error == "not a regular file: FIFO: never opened"


def test_a_lone_setup_py_is_scanned_as_install_time_code(tmp_path):
    (tmp_path / "setup.py").write_text(avkit.PAYLOAD)
    (tmp_path / "big.py").write_bytes(b"#" * 3000)
    output = tmp_path / "out.json"
    run = avkit.invoke(["scan", "setup.py", "big.py", "--format", "json", "-o", str(output), "--max-member-mb",
                        "0.002"], tmp_path, tmp_path / "tmp", output)
    lone, big = run.report["packages"]
    assert lone["verdict"] == "malicious"
    payload = [f for f in lone["findings"] if f["rule_id"] == avkit.PAYLOAD_RULE]
    assert [(f["path"], f["line"], f["attack_vector"]) for f in payload] == [
        ("setup.py", avkit.PAYLOAD_LINENO, "install-time")]
    assert big["verdict"] == "error" and "member cap" in big["error"]
    assert run.leftovers == []
