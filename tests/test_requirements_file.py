"""requirements_file.parse: pip's file format, read as data; nothing dropped in silence."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from antivenom.requirements_file import MAX_FILE_BYTES, logical_lines, parse

SHA = "ab" * 32


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root / next(iter(files))


def _plain(parsed) -> list[tuple]:
    return [(e.origin, e.line, e.text, e.constraint, e.error is not None) for e in parsed.entries]


def test_requirements_comments_markers_and_continuations(tmp_path):
    top = _write(tmp_path, {"requirements.txt": (
        "# comment\n"
        "alpha==1.0  # pinned\n"
        "beta>=2 ; python_version >= '3.8'\n"
        "gamma \\\n"
        "    --hash=sha256:" + SHA + " \\\n"
        "    --hash=sha256:" + SHA.upper().replace("A", "C") + "\n"
        "epsilon[extra]==1\n"
        "\n   \n"
        "delta==3.0 --hash sha512:" + "f" * 128 + "\n"
    )})
    parsed = parse(top)
    assert [(e.text, e.line) for e in parsed.entries] == [
        ("alpha==1.0", 2), ("beta>=2 ; python_version >= '3.8'", 3), ("gamma", 4),
        ("epsilon[extra]==1", 7), ("delta==3.0", 10)]
    gamma = parsed.entries[2]
    assert gamma.hashes == {"sha256": frozenset({SHA, SHA.replace("a", "c")})}
    assert parsed.entries[4].hashes == {"sha512": frozenset({"f" * 128})}
    assert all(e.error is None and not e.constraint for e in parsed.entries)
    assert parsed.files == [top] and parsed.index_url is None


def test_logical_lines_follow_pips_rules():
    text = "a \\\nb\n# c \\\nd\ne # x \\\n \\\n"
    assert logical_lines(text) == [(1, "a b"), (4, "d"), (5, "e")]


def test_includes_are_followed_relative_to_the_including_file(tmp_path):
    top = _write(tmp_path, {
        "requirements.txt": "-r reqs/base.txt\n--requirement=reqs/extra.txt\nmain==1\n",
        "reqs/base.txt": "-rnested/deep.txt\nbase==1\n",
        "reqs/nested/deep.txt": "deep==1\n",
        "reqs/extra.txt": "-c ../constraints.txt\nextra==1\n",
        "constraints.txt": "base==1.0\n-r reqs/extra.txt\n",
    })
    parsed = parse(top)
    assert _plain(parsed) == [
        ("reqs/nested/deep.txt", 1, "deep==1", False, False),
        ("reqs/base.txt", 2, "base==1", False, False),
        ("constraints.txt", 1, "base==1.0", True, False),
        ("reqs/extra.txt", 2, "extra==1", False, False),
        ("requirements.txt", 3, "main==1", False, False),
    ]
    assert len(parsed.files) == 5


def test_cycles_read_each_file_once(tmp_path):
    top = _write(tmp_path, {"a.txt": "-r b.txt\na==1\n", "b.txt": "-r a.txt\n-r ./b.txt\nb==1\n"})
    assert [e.text for e in parse(top).entries] == ["b==1", "a==1"]


def test_nesting_is_capped(tmp_path):
    files = {f"r{i}.txt": f"-r r{i + 1}.txt\npkg{i}==1\n" for i in range(30)}
    top = _write(tmp_path, files)
    parsed = parse(top, max_depth=5)
    errors = [e for e in parsed.entries if e.error]
    assert len(errors) == 1 and "nested more than 5 deep" in errors[0].error
    assert len([e for e in parsed.entries if not e.error]) == 6


def test_missing_and_special_included_files_are_error_entries(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    top = _write(tmp_path, {"requirements.txt": "-r missing.txt\n-r pipe.txt\n-c /dev/zero\n-r sub\nok==1\n",
                            "sub/x": ""})
    parsed = parse(top)
    reasons = [e.error for e in parsed.entries]
    assert reasons[0] == "requirement file not read: no such file or directory"
    assert reasons[1] == "requirement file not read: FIFO: never opened"
    assert reasons[2] == "requirement file not read: character device: never opened"
    assert "a directory" in reasons[3] and reasons[4] is None
    assert parsed.entries[0].text.startswith("-r ") and parsed.entries[0].origin == "requirements.txt"


def test_a_missing_top_file_is_one_error_entry(tmp_path):
    parsed = parse(tmp_path / "nope.txt")
    assert len(parsed.entries) == 1 and "no such file" in parsed.entries[0].error


def test_index_options_are_returned(tmp_path):
    top = _write(tmp_path, {"requirements.txt": (
        "-i https://first.invalid/simple\n--index-url=https://mirror.invalid/simple\n"
        "--extra-index-url https://extra.invalid/simple\n--pre\n--prefer-binary\n--only-binary :all:\n"
        "--trusted-host mirror.invalid\n--require-hashes\nx==1\n")})
    parsed = parse(top)
    assert parsed.index_url == "https://mirror.invalid/simple"
    assert parsed.extra_index_urls == ["https://extra.invalid/simple"] and parsed.pre
    assert [e.text for e in parsed.entries] == ["x==1"]


@pytest.mark.parametrize("line,reason", [
    ("-e .", "editable requirement"),
    ("--editable=git+https://example.invalid/r.git#egg=r", "editable requirement"),
    ("https://example.invalid/evil-1.0.tar.gz", "direct URL requirement"),
    ("evil @ https://example.invalid/evil-1.0.tar.gz", "direct URL requirement (https://example.invalid"),
    ("./vendor/evil", "local path requirement"),
    ("evil-1.0-py3-none-any.whl", "local path requirement"),
    ("/abs/evil.tar.gz", "local path requirement"),
    ("not a requirement!", "invalid requirement"),
    ("-f https://example.invalid/links", "--find-links is not followed"),
    ("--no-index", "--no-index"),
    ("--frobnicate", "unknown option --frobnicate"),
    ("alpha --frobnicate", "unknown option --frobnicate on a requirement"),
    ("alpha --hash=md5:" + "0" * 32, "bad --hash"),
    ("alpha --hash=sha256:xyz", "bad --hash"),
    ("-r https://example.invalid/r.txt", "remote requirement file"),
    ('alpha --hash="unterminated', "unparsable options"),
])
def test_lines_that_cannot_be_honoured_are_error_entries(tmp_path, line, reason):
    top = _write(tmp_path, {"requirements.txt": f"before==1\n{line}\nafter==1\n"})
    entries = parse(top).entries
    assert [e.text for e in entries if not e.error] == ["before==1", "after==1"]
    (bad,) = [e for e in entries if e.error]
    assert reason in bad.error and bad.line == 2


def test_attacker_sized_lines_are_bounded(tmp_path):
    top = _write(tmp_path, {"requirements.txt": "x" * 100_000 + "!\n" + "--" + "y" * 100_000 + "\n"})
    for entry in parse(top).entries:
        assert entry.error and len(entry.text) <= 500 and len(entry.error) <= 500


def test_oversized_file_is_an_error_not_a_read(tmp_path):
    top = tmp_path / "requirements.txt"
    with top.open("wb") as out:
        out.truncate(MAX_FILE_BYTES + 10)
    (entry,) = parse(top).entries
    assert "larger than" in entry.error


def test_non_utf8_and_bom_are_read(tmp_path):
    top = tmp_path / "requirements.txt"
    top.write_bytes(b"\xef\xbb\xbfalpha==1\n\xff\xfe==1\n")
    entries = parse(top).entries
    assert entries[0].text == "alpha==1" and entries[0].error is None
    assert "invalid requirement" in entries[1].error
