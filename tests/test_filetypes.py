"""The small fail-closed helpers: bounded() text, classify()/open_regular() by lstat, and
walks/removals that survive trees deeper than the recursion limit."""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

import pytest
from antivenom.bounded import bounded, bounded_repr
from antivenom.filetypes import DIRECTORY, MISSING, REGULAR, SPECIAL, SYMLINK, SpecialFileError, classify, open_regular
from antivenom.trees import make_dirs, remove_tree, walk


def test_bounded_keeps_short_text_and_cuts_long_text_with_a_marker():
    assert bounded("short") == "short"
    assert bounded("x" * 500) == "x" * 500
    cut = bounded("y" * 10_000)
    assert len(cut) == 500 and cut.startswith("yyy") and "10000 chars, truncated" in cut
    assert len(bounded("z" * 100, limit=40)) == 40
    assert bounded(ValueError("e" * 2000)).endswith("truncated]")


def test_bounded_repr_escapes_and_never_copies_a_huge_name():
    assert bounded_repr("a\x01b") == "'a\\x01b'"
    assert len(bounded_repr("n" * 50_000_000)) == 500


def test_classify_by_lstat(tmp_path):
    (tmp_path / "f").write_text("x")
    (tmp_path / "d").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "f")
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    os.mkfifo(tmp_path / "fifo")
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(tmp_path / "sock"))
        kinds = {name: classify(tmp_path / name) for name in ("f", "d", "link", "dangling", "fifo", "sock", "none")}
    assert {k: v.kind for k, v in kinds.items()} == {
        "f": REGULAR, "d": DIRECTORY, "link": SYMLINK, "dangling": SYMLINK, "fifo": SPECIAL, "sock": SPECIAL,
        "none": MISSING}
    assert kinds["fifo"].reason == "FIFO: never opened" and "socket" in kinds["sock"].reason
    assert classify(tmp_path / "link", follow_links=True).kind == REGULAR
    assert classify(tmp_path / "dangling", follow_links=True).kind == MISSING
    assert classify("/dev/null").reason == "character device: never opened"


def test_open_regular_refuses_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "f").write_bytes(b"data")
    with open_regular(tmp_path / "f") as handle:
        assert handle.read() == b"data"
    for path in (tmp_path / "fifo", Path("/dev/zero"), tmp_path):
        with pytest.raises(SpecialFileError, match="never opened"):
            open_regular(path)


def _deep(root: Path, depth: int) -> Path:
    folder = root
    # Built with chdir + relative mkdir: the helpers under test must not be used to build it.
    cwd = os.getcwd()
    os.makedirs(root, exist_ok=True)
    os.chdir(root)
    try:
        for _ in range(depth):
            os.mkdir("d")
            os.chdir("d")
        Path("x.py").write_text("x")
    finally:
        os.chdir(cwd)
    return folder


def test_walk_and_remove_survive_more_folders_than_the_recursion_limit(tmp_path):
    root = _deep(tmp_path / "deep", sys.getrecursionlimit() + 100)
    seen = list(walk(root))
    assert len(seen) == sys.getrecursionlimit() + 101 and seen[-1][2] == ["x.py"]
    assert all(error is None for *_, error in seen)
    remove_tree(root)
    assert not root.exists()


def test_walk_reports_unlistable_folders_and_does_not_follow_links(tmp_path):
    (tmp_path / "a/b").mkdir(parents=True)
    (tmp_path / "a/f.py").write_text("")
    (tmp_path / "a/loop").symlink_to(tmp_path)
    rows = list(walk(tmp_path / "a"))
    assert [(p.name, dirs, others) for p, dirs, others, _ in rows] == [("a", ["b"], ["f.py", "loop"]), ("b", [], [])]
    missing = list(walk(tmp_path / "missing"))
    assert len(missing) == 1 and isinstance(missing[0][3], FileNotFoundError)


def test_make_dirs_and_remove_tree_details(tmp_path):
    target = tmp_path.joinpath(*["m"] * 1200)
    make_dirs(target)
    assert target.is_dir()
    make_dirs(target)  # exists: fine
    (tmp_path / "file").write_text("")
    with pytest.raises(FileExistsError):
        make_dirs(tmp_path / "file")
    locked = tmp_path / "locked"
    (locked / "inner").mkdir(parents=True)
    locked.chmod(0)
    outside = tmp_path / "keep"
    outside.mkdir()
    (tmp_path / "m" / "link").symlink_to(outside)
    remove_tree(tmp_path / "m")
    remove_tree(locked)
    remove_tree(tmp_path / "file")
    remove_tree(tmp_path / "not-there")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep"]
