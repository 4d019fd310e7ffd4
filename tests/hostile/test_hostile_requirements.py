"""Hostile requirements files (issue 13), black-box through the CLI against two local indexes on
127.0.0.1 (no other network): -r/-c followed, -e/URL/path lines and unknown options reported,
the file's own --index-url/--extra-index-url honoured, --hash pins verified, file:// links from
an index refused. One run, beside benign siblings; nothing may be left in TMPDIR."""

from __future__ import annotations

import hashlib
from pathlib import Path

import avkit
import hostkit
import pytest

SHA_ZERO = "0" * 64


@pytest.fixture(scope="module")
def indexes(tmp_path_factory):
    main_files = avkit.build_index_files(tmp_path_factory.mktemp("main-index"))
    other = tmp_path_factory.mktemp("other-index")
    code = {"onlymirror/__init__.py": hostkit.PAYLOAD}
    only = avkit.IndexFile("onlymirror", avkit.make_tar(other / "onlymirror-1.0.tar.gz",
                                                        avkit.sdist_tree("onlymirror", "1.0", code)))
    pages = avkit.index_pages([only])
    # A hostile index: a link to a file of the scanning machine's own (read, it would be scanned).
    local = avkit.make_tar(other / "local/leaky-1.0.tar.gz", avkit.sdist_tree("leaky", "1.0", code))
    pages["/simple/leaky/"] = ("text/html", f'<a href="{local.as_uri()}">leaky-1.0.tar.gz</a>'.encode())
    with avkit.serve_index(avkit.index_pages(main_files)) as main, avkit.serve_index(pages) as mirror:
        yield main, mirror, main_files


def _cases(main, mirror, main_files) -> dict[str, tuple[dict[str, str], dict[str, tuple[str, str | None]]]]:
    """label -> (files to write, the first of them given with -r; expected target -> (verdict, error part))."""
    sdist_only = next(f for f in main_files if f.project == "sdistonly")
    sdist_only_sha = hashlib.sha256(sdist_only.path.read_bytes()).hexdigest()
    long_line = "x" * 100_000 + "!"
    return {
        "only-dash-r": ({"r-only.txt": "-r base-only.txt\n", "base-only.txt": "sdistonly==0.1\n"},
                        {"base-only.txt: sdistonly==0.1": ("malicious", None)}),
        "constraint-pins": ({"c-main.txt": "-c c-pins.txt\ngoodpkg\n", "c-pins.txt": "goodpkg==1.0\n"},
                            {"c-main.txt: goodpkg": ("clean", None)}),
        "editable": ({"r-edit.txt": "-e ./src\n"}, {"r-edit.txt: -e ./src": ("error", "editable requirement")}),
        "direct-url": ({"r-url.txt": "evil @ https://example.invalid/evil-1.0.tar.gz\n"},
                       {"r-url.txt: evil @ https://example.invalid/evil-1.0.tar.gz": ("error", "direct URL")}),
        "local-path": ({"r-path.txt": "./vendor/evil-1.0.tar.gz\n"},
                       {"r-path.txt: ./vendor/evil-1.0.tar.gz": ("error", "local path requirement")}),
        "file-index-url": ({"r-index.txt": f"--index-url {mirror.html_url}\nonlymirror\n"},
                           {"r-index.txt: onlymirror": ("malicious", None)}),
        "extra-index-url": ({"r-extra.txt": f"--extra-index-url {mirror.html_url}\nonlymirror\n"},
                            {"r-extra.txt: onlymirror": ("malicious", None)}),
        "hash-mismatch": ({"r-badhash.txt": f"goodpkg==1.0 --hash=sha256:{SHA_ZERO}\n"},
                          {"r-badhash.txt: goodpkg==1.0": ("error", "matches the --hash pins")}),
        "hash-match": ({"r-goodhash.txt": f"sdistonly==0.1 \\\n    --hash=sha256:{sdist_only_sha}\n"},
                       {"r-goodhash.txt: sdistonly==0.1": ("malicious", None)}),
        "cycle": ({"cyc-a.txt": "-r cyc-b.txt\ngoodpkg==1.0\n", "cyc-b.txt": "-r cyc-a.txt\nsdistonly==0.1\n"},
                  {"cyc-b.txt: sdistonly==0.1": ("malicious", None), "cyc-a.txt: goodpkg==1.0": ("clean", None)}),
        "unknown-option": ({"r-unknown.txt": "--frobnicate yes\n"},
                           {"r-unknown.txt: --frobnicate yes": ("error", "unknown option --frobnicate")}),
        "find-links": ({"r-find.txt": "-f https://example.invalid/links\n"},
                       {"r-find.txt: -f https://example.invalid/links": ("error", "--find-links is not followed")}),
        "missing-include": ({"r-missing.txt": "-r nope.txt\n"},
                            {f"r-missing.txt: -r {Path('nope.txt')}": ("error", "no such file")}),
        "ftp-index": ({"r-ftp.txt": "--index-url ftp://example.invalid/simple\ngoodpkg==1.0\n"},
                      {"r-ftp.txt: goodpkg==1.0": ("error", "only https, http and file indexes")}),
        "file-link-from-index": ({"r-leaky.txt": f"--index-url {mirror.html_url}\nleaky\n"},
                                 {"r-leaky.txt: leaky": ("error", "file:// link refused")}),
        "huge-line": ({"r-huge.txt": long_line + "\n"}, {}),  # checked by its own test: the target is bounded
    }


@pytest.fixture(scope="module")
def run(indexes, tmp_path_factory):
    main, mirror, main_files = indexes
    work = tmp_path_factory.mktemp("hostile-req")
    base = work / "in"
    base.mkdir()
    sibs = hostkit.siblings(base)
    cases = _cases(main, mirror, main_files)
    tops = []
    for files, _ in cases.values():
        for name, text in files.items():
            (base / name).write_text(text)
        tops += ["-r", next(iter(files))]
    result = hostkit.scan(list(sibs.values()), work, *tops, "--index-url", main.html_url, cwd=base)
    return result, cases, sibs, mirror


def test_requirements_batch_survives(run):
    result, _, sibs, _ = run
    hostkit.assert_batch_intact(result, sibs)
    assert result.exit_code == 1


@pytest.mark.parametrize("label", [
    "only-dash-r", "constraint-pins", "editable", "direct-url", "local-path", "file-index-url", "extra-index-url",
    "hash-mismatch", "hash-match", "cycle", "unknown-option", "find-links", "missing-include", "ftp-index",
    "file-link-from-index"])
def test_requirements_case(run, label):
    result, cases, sibs, _ = run
    _, expected = cases[label]
    assert expected
    for target, (verdict, error) in expected.items():
        packages = result.packages(target)
        assert packages, f"{target} not in the report: {[p['target'] for p in result.report['packages']]}"
        for package in packages:
            assert package["verdict"] == verdict, package["error"]
            if error is None:
                assert package["error"] is None
            else:
                assert error in package["error"] and len(package["error"]) <= 500
    hostkit.assert_batch_intact(result, sibs)


def test_constraint_pinned_the_version(run):
    result, *_ = run
    assert {p["version"] for p in result.packages("c-main.txt: goodpkg")} == {"1.0"}


def test_the_files_index_served_its_entries(run):
    _, _, _, mirror = run
    assert any(r.startswith("/simple/onlymirror/") for r in mirror.requests)
    assert any(r.startswith("/files/onlymirror-1.0.tar.gz") for r in mirror.requests)


def test_huge_requirement_line_is_one_bounded_error(run):
    result, *_ = run
    (package,) = [p for p in result.report["packages"] if p["target"].startswith("r-huge.txt: ")]
    assert package["verdict"] == "error" and "invalid requirement" in package["error"]
    assert len(package["target"]) <= 520 and len(package["error"]) <= 500
