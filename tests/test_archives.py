"""Safe extraction: antivenom.archives.extract on its own, then hostile archives inside a
real batch (each one an `error` package, the rest of the batch still scanned)."""

from __future__ import annotations

import io
import re
import stat
import tarfile
import zipfile
from pathlib import Path

import avkit
import pytest
from antivenom.archives import ArchiveError, Limits, _Budget, extract, is_archive

SMALL = Limits(avkit.CAP_MEMBER_MB * avkit.MB, avkit.CAP_TOTAL_MB * avkit.MB, avkit.CAP_MEMBERS)
SDIST = avkit.sdist_tree("demo", "1.0", {"demo/__init__.py": avkit.CLEAN, "demo/data/blob.txt": "data\n"})
EXPECTED = {"demo-1.0/PKG-INFO", "demo-1.0/setup.py", "demo-1.0/demo/__init__.py", "demo-1.0/demo/data/blob.txt"}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[dict[str, avkit.Hostile], Path]:
    base = tmp_path_factory.mktemp("hostile-unit")
    return avkit.hostile_archives(base / "archives", base / "outside"), base / "outside"


def _files(dest: Path) -> set[str]:
    return {p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file()}


@pytest.mark.parametrize("name,mode", [
    ("demo-1.0.tar.gz", "w:gz"), ("demo-1.0.tgz", "w:gz"), ("demo-1.0.tar.bz2", "w:bz2"),
    ("demo-1.0.tar.xz", "w:xz"), ("demo-1.0.tar", "w"),
])
def test_extracts_tar_forms(tmp_path, name, mode):
    archive = avkit.make_tar(tmp_path / name, SDIST, mode)
    dest = tmp_path / "out"
    dest.mkdir()
    extract(archive, dest)
    assert _files(dest) == EXPECTED
    assert (dest / "demo-1.0/demo/__init__.py").read_text() == avkit.CLEAN


@pytest.mark.parametrize("name", ["demo-1.0.zip", "demo-1.0-py3-none-any.whl", "demo-1.0-py3.11.egg"])
def test_extracts_zip_forms(tmp_path, name):
    archive = avkit.make_zip(tmp_path / name, SDIST)
    dest = tmp_path / "out"
    dest.mkdir()
    extract(archive, dest)
    assert _files(dest) == EXPECTED


def test_zip_members_with_permission_bits_only_are_regular_files(tmp_path):
    # zipfile.writestr and older `wheel` releases store 0o600/0o664 without S_IFREG: such
    # members are ordinary files (every wheel built that way used to come out as `error`).
    archive = tmp_path / "demo-1.0-py3-none-any.whl"
    with zipfile.ZipFile(archive, "w") as zf:
        for mode in (0o600, 0o664, 0o755):
            info = zipfile.ZipInfo(f"demo/m{mode:o}.py")
            info.external_attr = mode << 16
            zf.writestr(info, avkit.CLEAN)
        msdos = zipfile.ZipInfo("demo/msdos.py")  # external_attr 0: written on Windows
        zf.writestr(msdos, avkit.CLEAN)
    dest = tmp_path / "out"
    dest.mkdir()
    extract(archive, dest)
    assert _files(dest) == {"demo/m600.py", "demo/m664.py", "demo/m755.py", "demo/msdos.py"}


def test_extracted_files_have_no_execute_bit(tmp_path):
    archive = avkit.make_tar(tmp_path / "demo-1.0.tar.gz", {"demo-1.0/run.sh": "#!/bin/sh\n"})  # stored 0o755
    dest = tmp_path / "out"
    dest.mkdir()
    extract(archive, dest)
    mode = (dest / "demo-1.0/run.sh").stat().st_mode
    assert stat.S_IMODE(mode) & 0o111 == 0


def test_kind_is_read_from_magic_bytes_not_the_name(tmp_path):
    # An index can serve a zip under a .tar.gz name; it is still extracted (as a zip).
    lying_name = avkit.make_zip(tmp_path / "demo-1.0.tar.gz", SDIST)
    dest = tmp_path / "out"
    dest.mkdir()
    extract(lying_name, dest)
    assert _files(dest) == EXPECTED
    junk = tmp_path / "junk-1.0.tar.gz"
    junk.write_bytes(b"\x00garbage, neither tar nor zip" * 30)
    with pytest.raises(ArchiveError, match="unknown magic bytes"):
        extract(junk, tmp_path / "out2")


@pytest.mark.parametrize("label", [
    "tar-traversal", "tar-absolute", "tar-symlink", "tar-hardlink", "tar-device", "tar-fifo", "tar-non-utf8",
    "zip-symlink", "zip-fifo", "zip-traversal", "zip-absolute", "bomb-member", "bomb-total", "bomb-members",
    "zip-lying-size", "truncated-tgz", "zip-bad-crc",
])
def test_hostile_archive_raises_and_leaves_nothing(hostile, tmp_path, label):
    archives, outside = hostile
    case = archives[label]
    dest = tmp_path / "extract" / "p00000"
    dest.mkdir(parents=True)
    with pytest.raises(ArchiveError) as raised:
        extract(case.path, dest, SMALL)
    assert re.search(case.reason, str(raised.value)), str(raised.value)
    assert list(dest.iterdir()) == [], "a half-extracted tree must never be scanned"
    assert not any(outside.iterdir()), f"{label} wrote outside the extraction folder"
    for ancestor in [dest, *dest.parents]:
        assert not (ancestor / "escaped-by-tar-traversal.txt").exists()
        assert not (ancestor / "escaped-by-zip-traversal.txt").exists()


def test_caps_are_what_rejects_the_bombs(hostile, tmp_path):
    """The same archives pass under the default caps: the small caps, not some other fault, reject them."""
    archives, _ = hostile
    for label in ("bomb-member", "bomb-total", "bomb-members"):
        dest = tmp_path / label
        dest.mkdir()
        extract(archives[label].path, dest)  # default Limits: 256 MB / 1 GB / 50,000
        assert any(dest.rglob("*"))


def test_cap_counts_bytes_really_read_not_the_header(tmp_path):
    budget = _Budget(Limits(max_member_bytes=1000, max_total_bytes=10_000, max_members=10))
    budget.check_declared("m", 10)  # the header claims 10 bytes...
    with pytest.raises(ArchiveError, match="expands past the 1000-byte cap"):
        budget.copy("m", io.BytesIO(b"x" * 5000), tmp_path / "m")  # ...the stream gives 5000


def test_total_cap_spans_members(tmp_path):
    budget = _Budget(Limits(max_member_bytes=1000, max_total_bytes=1500, max_members=10))
    budget.copy("a", io.BytesIO(b"x" * 900), tmp_path / "a")
    with pytest.raises(ArchiveError, match="total cap"):
        budget.copy("b", io.BytesIO(b"x" * 900), tmp_path / "b")


@pytest.mark.parametrize("name,reason", [
    ("..\\..\\evil.py", "path traversal"),
    ("demo/../../evil.py", "path traversal"),
    ("C:/Windows/evil.py", "absolute path"),
    ("/etc/cron.d/evil", "absolute path"),
])
def test_zip_member_names_refused(tmp_path, name, reason):
    archive = avkit.make_zip(tmp_path / "demo-1.0.zip", {"demo/ok.py": avkit.CLEAN, name: "x = 1\n"})
    dest = tmp_path / "out"
    dest.mkdir()
    with pytest.raises(ArchiveError, match=reason):
        extract(archive, dest)
    assert list(dest.iterdir()) == []


def test_a_member_name_with_control_characters_is_read_under_an_escaped_name(tmp_path):
    """A payload must not hide behind its name: the member is read whole, and the report says so."""
    archive = avkit.make_zip(tmp_path / "demo-1.0.zip", {"demo/ok.py": avkit.CLEAN, "demo/evil\nname.py": "x = 1\n"})
    dest = tmp_path / "out"
    dest.mkdir()
    left_out = extract(archive, dest)
    assert (dest / "demo" / "evil%0Aname.py").read_text() == "x = 1\n"
    assert "control characters" in left_out["demo/evil%0Aname.py"] and "read in full" in left_out["demo/evil%0Aname.py"]


@pytest.mark.parametrize("order", [0, 1])
def test_an_escaped_name_never_hides_another_member(tmp_path, order):
    """`a%0Ab.py` and `a\nb.py` are two files once installed: meeting as one here is an error."""
    members = [("demo/a%0Ab.py", "payload = 1\n"), ("demo/a\nb.py", "x = 1\n")]
    if order:
        members.reverse()
    archive = avkit.make_zip(tmp_path / "demo-1.0.zip", dict(members))
    dest = tmp_path / "out"
    dest.mkdir()
    with pytest.raises(ArchiveError, match="control characters meets another member"):
        extract(archive, dest)
    assert list(dest.iterdir()) == []


def test_dot_segments_and_directory_entries_are_harmless(tmp_path):
    archive = tmp_path / "demo-1.0.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("./demo/", b"")
        zf.writestr("./demo/./a.py", avkit.CLEAN)
        zf.writestr("demo//b.py", avkit.CLEAN)
    dest = tmp_path / "out"
    dest.mkdir()
    extract(archive, dest)
    assert _files(dest) == {"demo/a.py", "demo/b.py"}


def test_file_then_folder_of_the_same_name_is_an_error(tmp_path):
    archive = avkit.make_tar(tmp_path / "demo-1.0.tar.gz", {"demo/a": "file\n", "demo/a/b.py": avkit.CLEAN})
    dest = tmp_path / "out"
    dest.mkdir()
    with pytest.raises(ArchiveError):
        extract(archive, dest)
    assert list(dest.iterdir()) == []


def test_folder_then_file_of_the_same_name_is_an_error(tmp_path):
    info_dir = avkit.tarinfo("demo/a", tarfile.DIRTYPE)
    archive = avkit.tar_members(tmp_path / "demo-1.0.tar.gz", [(info_dir, None), (avkit.tarinfo("demo/a"), b"x")])
    dest = tmp_path / "out"
    dest.mkdir()
    with pytest.raises(ArchiveError, match="collides"):
        extract(archive, dest)


def _link_tar(path: Path, links: list[tuple[str, bytes, str]]) -> Path:
    members = [(avkit.tarinfo("demo-1.0/AGENTS.md"), b"# notes\n"), (avkit.tarinfo("demo-1.0/pkg/a.py"), b"x = 1\n")]
    members += [(avkit.tarinfo(name, kind, target), None) for name, kind, target in links]
    return avkit.tar_members(path, members)


def test_links_inside_the_archive_are_left_out_and_reported(tmp_path):
    archive = _link_tar(tmp_path / "demo-1.0.tar.gz", [
        ("demo-1.0/CLAUDE.md", tarfile.SYMTYPE, "AGENTS.md"),
        ("demo-1.0/pkg/b.py", tarfile.SYMTYPE, "./a.py"),
        ("demo-1.0/pkg/up.md", tarfile.SYMTYPE, "../AGENTS.md"),
        ("demo-1.0/copy.py", tarfile.LNKTYPE, "demo-1.0/pkg/a.py"),  # hard links name from the root
    ])
    dest = tmp_path / "out"
    dest.mkdir()
    skipped = extract(archive, dest)
    assert sorted(skipped) == ["demo-1.0/CLAUDE.md", "demo-1.0/copy.py", "demo-1.0/pkg/b.py", "demo-1.0/pkg/up.md"]
    assert "symlink not extracted" in skipped["demo-1.0/CLAUDE.md"]
    assert "hard link not extracted" in skipped["demo-1.0/copy.py"]
    assert _files(dest) == {"demo-1.0/AGENTS.md", "demo-1.0/pkg/a.py"}  # no link was created
    assert not any(p.is_symlink() for p in dest.rglob("*"))


@pytest.mark.parametrize("target,hard", [
    ("../../etc/passwd", False), ("../../", False), ("/etc/passwd", False), ("C:/Windows", False), ("", False),
    ("../outside.py", True), ("/etc/shadow", True),
])
def test_links_pointing_outside_are_errors(tmp_path, target, hard):
    kind = tarfile.LNKTYPE if hard else tarfile.SYMTYPE
    archive = _link_tar(tmp_path / "demo-1.0.tar.gz", [("demo-1.0/link", kind, target)])
    dest = tmp_path / "out"
    dest.mkdir()
    with pytest.raises(ArchiveError, match="link in archive points outside it"):
        extract(archive, dest)
    assert list(dest.iterdir()) == []


def test_zip_symlink_inside_is_left_out(tmp_path):
    archive = tmp_path / "demo-1.0-py3-none-any.whl"
    link = zipfile.ZipInfo("demo/alias.py")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("demo/real.py", avkit.CLEAN)
        zf.writestr(link, "real.py")
    dest = tmp_path / "out"
    dest.mkdir()
    assert list(extract(archive, dest)) == ["demo/alias.py"]
    assert _files(dest) == {"demo/real.py"} and not (dest / "demo/alias.py").is_symlink()


def test_is_archive_suffixes():
    for name in ("a-1.tar.gz", "a-1.TGZ", "a-1.tar.bz2", "a-1.zip", "a-1-py3-none-any.whl", "a-1.egg", "a.tar.xz"):
        assert is_archive(Path(name)), name
    for name in ("a.py", "a.gz", "requirements.txt", "a.tar.gz.sig"):
        assert not is_archive(Path(name)), name


# -- hostile archives in a real batch --------------------------------------------------------


def test_each_hostile_archive_is_an_error_package_with_its_reason(batch_run, workspace):
    for label, case in workspace.hostile.items():
        package = batch_run.package(workspace.hostile_target(label))
        assert package["verdict"] == "error", label
        assert package["error"].startswith("unsafe or unreadable archive: "), package["error"]
        assert re.search(case.reason, package["error"]), (label, package["error"])
        assert package["verdict_reason"] == package["error"]
        assert package["findings"] == [] and package["files_scanned"] == 0


def test_good_packages_in_the_same_batch_are_still_scanned(batch_run, workspace):
    for label in ("dir", "tar.gz", "zip", "whl"):
        package = batch_run.package(workspace.forms[label])
        assert package["verdict"] == "malicious", (label, package["error"])
        assert any(f["rule_id"] == avkit.PAYLOAD_RULE for f in package["findings"])
    assert batch_run.package(workspace.forms["clean-dir"])["verdict"] == "clean"


def test_internal_link_is_reported_as_skipped_and_the_package_scanned(batch_run, workspace):
    package = batch_run.package(workspace.forms["internal-link"])
    assert package["error"] is None and package["verdict"] == "malicious"
    assert [s["path"] for s in package["skipped"]] == ["CLAUDE.md"]  # relative to the sdist's root folder
    assert "symlink not extracted" in package["skipped"][0]["reason"]


def test_nothing_escapes_and_the_temporary_tree_is_removed(batch_run, workspace):
    assert batch_run.leftovers == [], "temporary directories left behind"
    outside = workspace.base / "outside"
    assert not any(outside.iterdir()), "an archive wrote through a link or an absolute path"
    for root in (batch_run.tmp_root, workspace.base):
        for ancestor in [root, *root.parents]:
            for name in ("escaped-by-tar-traversal.txt", "escaped-by-zip-traversal.txt"):
                assert not (ancestor / name).exists(), ancestor / name
    # Every archive was extracted inside a private antivenom-* folder of the temporary root, now gone.
    assert batch_run.extract_dests
    for dest in batch_run.extract_dests:
        private = dest.relative_to(batch_run.tmp_root).parts[0]
        assert private.startswith("antivenom-")
        assert not (batch_run.tmp_root / private).exists()


# -- headers, depth, duplicates, nested archives, special files (issue 13) -----------------------------


def _extract_error(archive: Path, tmp_path: Path, limits: Limits | None = None) -> str:
    dest = tmp_path / "out"
    dest.mkdir(exist_ok=True)
    with pytest.raises(ArchiveError) as caught:
        extract(archive, dest, limits)
    assert list(dest.iterdir()) == []
    return str(caught.value)


@pytest.mark.parametrize("kind", [b"L", b"K", b"x", b"g"])
def test_oversized_extended_header_is_refused_before_it_is_read(tmp_path, kind):
    import tracemalloc

    import tarcraft

    bomb = tarcraft.header_bomb(tmp_path / "bomb-1.0.tar.gz", 32 * avkit.MB, kind)
    assert bomb.stat().st_size < 200 * 1024
    tracemalloc.start()
    try:
        message = _extract_error(bomb, tmp_path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "over the 65536-byte cap" in message and len(message) < 600
    assert peak < 8 * avkit.MB  # tarfile alone would have held the 32 MB record


def test_long_names_under_the_header_cap_still_extract(tmp_path):
    long_name = "demo-1.0/" + "/".join(["sub" * 30] * 4) + "/module.py"
    for fmt in (tarfile.GNU_FORMAT, tarfile.PAX_FORMAT):
        archive = avkit.tar_members(tmp_path / f"long-{fmt}.tar.gz", [(avkit.tarinfo(long_name), b"x = 1\n")],
                                    format=fmt)
        dest = tmp_path / f"out-{fmt}"
        dest.mkdir()
        assert extract(archive, dest) == {}
        assert (dest / long_name).read_bytes() == b"x = 1\n"


def test_header_cap_is_a_limit(tmp_path):
    import tarcraft

    archive = tarcraft.write_tgz(tmp_path / "n.tar.gz", [
        tarcraft.extended(b"L", 3000), tarcraft.member("ignored", b"x"), tarcraft.end()])
    assert "over the 1024-byte cap" in _extract_error(archive, tmp_path, Limits(max_header_bytes=1024))


def test_chains_of_extended_headers_are_refused(tmp_path):
    import tarcraft

    # tarfile follows each extended header by a recursive call: 2,000 in a row hit RecursionError.
    archive = tarcraft.write_tgz(tmp_path / "chain.tar.gz", [
        *(tarcraft.extended(b"L", 20) for _ in range(2000)), tarcraft.member("x.py", b"x"), tarcraft.end()])
    assert "extended headers before one member" in _extract_error(archive, tmp_path)


def test_sparse_members_are_refused(tmp_path):
    archive = avkit.tar_members(tmp_path / "sparse.tar", [(avkit.tarinfo("s-1.0/data", tarfile.GNUTYPE_SPARSE),
                                                           None)], mode="w", format=tarfile.GNU_FORMAT)
    assert "sparse member" in _extract_error(archive, tmp_path)


def test_deep_folders_are_refused_without_recursion(tmp_path):
    deep = "/".join(["d"] * 1100)
    members = [(avkit.tarinfo("/".join(["d"] * i), tarfile.DIRTYPE), None) for i in range(1, 1101)]
    archive = avkit.tar_members(tmp_path / "deep-1.0.tar.gz", [*members, (avkit.tarinfo(f"{deep}/x.py"), b"x")],
                                format=tarfile.GNU_FORMAT)
    assert "folders deep, over the 128 cap" in _extract_error(archive, tmp_path)
    only_file = avkit.tar_members(tmp_path / "deep2-1.0.tar.gz", [(avkit.tarinfo(f"{deep}/x.py"), b"x")],
                                  format=tarfile.GNU_FORMAT)
    assert "folders deep" in _extract_error(only_file, tmp_path)


def test_depth_under_the_cap_extracts_without_recursion(tmp_path):
    import sys

    name = "/".join(["d"] * 120) + "/x.py"
    archive = avkit.tar_members(tmp_path / "deep-1.0.tar.gz", [(avkit.tarinfo(name), b"x")], format=tarfile.GNU_FORMAT)
    dest = tmp_path / "out"
    dest.mkdir()
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(100)  # Path.mkdir(parents=True) would recurse 120 deep
    try:
        extract(archive, dest, Limits(max_depth=200))
    finally:
        sys.setrecursionlimit(limit)
    assert (dest / name).read_bytes() == b"x"


def test_duplicate_members_keep_the_last_and_are_listed(tmp_path):
    tar = avkit.tar_members(tmp_path / "dup-1.0.tar.gz", [
        (avkit.tarinfo("dup-1.0/setup.py"), b"first\n"), (avkit.tarinfo("dup-1.0/setup.py"), b"second\n"),
        (avkit.tarinfo("dup-1.0/ok.py"), b"x\n")])
    zpath = tmp_path / "dup-1.0.zip"
    with zipfile.ZipFile(zpath, "w") as zf, pytest.warns(UserWarning, match="Duplicate name"):
        zf.writestr("dup-1.0/setup.py", b"first\n")
        zf.writestr("dup-1.0/setup.py", b"second\n")
        zf.writestr("dup-1.0/ok.py", b"x\n")
    for archive in (tar, zpath):
        dest = tmp_path / f"out-{archive.suffix}"
        dest.mkdir()
        left_out = extract(archive, dest)
        assert (dest / "dup-1.0/setup.py").read_bytes() == b"second\n"
        assert list(left_out) == ["dup-1.0/setup.py"]
        assert "duplicate member (2 copies)" in left_out["dup-1.0/setup.py"]


def test_nested_archives_are_found_by_magic_and_listed(tmp_path):
    import bz2
    import gzip
    import lzma

    inner_zip = io.BytesIO()
    with zipfile.ZipFile(inner_zip, "w") as zf:
        zf.writestr("evil.py", avkit.PAYLOAD)
    inner_tar = io.BytesIO()
    with tarfile.open(fileobj=inner_tar, mode="w") as tf:
        info = tarfile.TarInfo("evil.py")
        info.size = 1
        tf.addfile(info, io.BytesIO(b"x"))
    archive = avkit.make_tar(tmp_path / "nest-1.0.tar.gz", {
        "nest-1.0/data/notes.txt": inner_zip.getvalue(),  # the name says text; the bytes say zip
        "nest-1.0/data/blob.dat": gzip.compress(b"payload"),
        "nest-1.0/data/b.bin": bz2.compress(b"payload"),
        "nest-1.0/data/x.bin": lzma.compress(b"payload"),
        "nest-1.0/data/plain": inner_tar.getvalue(),
        "nest-1.0/fake.zip": "not an archive at all\n",
        "nest-1.0/BZh.txt": "BZh is not enough\n",
    })
    dest = tmp_path / "out"
    dest.mkdir()
    left_out = extract(archive, dest)
    assert {k: v.split("(")[1].split(")")[0] for k, v in left_out.items()} == {
        "nest-1.0/data/notes.txt": "zip", "nest-1.0/data/blob.dat": "gzip", "nest-1.0/data/b.bin": "bzip2",
        "nest-1.0/data/x.bin": "xz", "nest-1.0/data/plain": "tar"}
    assert all(v.startswith("nested archive (") for v in left_out.values())
    assert (dest / "nest-1.0/data/notes.txt").is_file()  # still extracted: YARA reads the bytes


def test_a_fifo_named_like_an_archive_is_never_opened(tmp_path):
    import os
    import threading

    fifo = tmp_path / "x.tar.gz"
    os.mkfifo(fifo)
    outcome: list[str] = []

    def run() -> None:
        try:
            extract(fifo, tmp_path / "out")
        except ArchiveError as exc:
            outcome.append(str(exc))

    (tmp_path / "out").mkdir()
    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(60)  # a blocking open() would wait for a writer forever
    assert not worker.is_alive() and "FIFO: never opened" in outcome[0]


def test_attacker_names_in_messages_are_bounded(tmp_path):
    long_name = "x" * 20_000 + "\x01"
    archive = avkit.tar_members(tmp_path / "n.tar.gz", [(avkit.tarinfo(long_name), b"x")], format=tarfile.PAX_FORMAT)
    message = _extract_error(archive, tmp_path)
    assert "longer than 255 bytes" in message and len(message) <= 600 and "truncated" in message
    assert "\x01" not in message  # shown escaped
