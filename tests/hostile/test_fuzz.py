"""Property-based fuzzing (hypothesis) of the parts that read hostile bytes: archives.extract,
sources.read_metadata, requirements_file.parse, and a few whole CLI runs.

Properties: no exception escapes but the component's own error (ArchiveError); nothing is
written outside the destination; nothing is left in TMPDIR; memory stays bounded (tracemalloc);
a CLI report validates against rules/schema/report.schema.json and keeps the benign siblings.

Short budget here (CI); ANTIVENOM_FUZZ_EXAMPLES=N raises it (bench/fuzz.py runs it long).
"""

from __future__ import annotations

import io
import os
import stat
import tarfile
import tempfile
import tracemalloc
import warnings
import zipfile
from pathlib import Path

import avkit
import hostkit
import pytest
import tarcraft
from antivenom.archives import ArchiveError, Limits, extract
from antivenom.requirements_file import parse
from antivenom.sources import read_metadata
from antivenom.trees import remove_tree
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

EXAMPLES = int(os.environ.get("ANTIVENOM_FUZZ_EXAMPLES", "30"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize="ANTIVENOM_FUZZ_EXAMPLES" not in os.environ,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large])
LIMITS = Limits(max_member_bytes=64 * 1024, max_total_bytes=256 * 1024, max_members=64, max_header_bytes=4096,
                max_depth=16)
MEMORY_CAP = 24 * 1024 * 1024

# -- archive members ----------------------------------------------------------------------------------------

segment = st.one_of(
    st.sampled_from(["pkg", "setup.py", "..", ".", "", "PKG-INFO", "a b", "ü", "\u202e", "con", "x" * 200]),
    st.text(min_size=1, max_size=12),
)
member_name = st.one_of(
    st.lists(segment, min_size=1, max_size=6).map("/".join),
    st.lists(segment, min_size=1, max_size=3).map(lambda parts: "/" + "/".join(parts)),
    st.sampled_from(["a\x00b.py", "C:\\evil.py", "..\\..\\x", "d/" * 40 + "deep.py", "n" * 3000]),
)
member = st.tuples(
    member_name,
    st.sampled_from(["file", "file", "file", "dir", "symlink", "hardlink", "fifo"]),
    st.binary(max_size=2048),
    st.one_of(member_name, st.just("../../etc/passwd"), st.just("/etc")),
)


def _tar_bytes(members, fmt: int, compression: str, long_header: int) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode=f"w:{compression}" if compression else "w", format=fmt,
                      encoding="utf-8", errors="surrogateescape") as tar:
        for name, kind, data, link in members:
            info = tarfile.TarInfo(name)
            info.mode = 0o644
            if kind == "file":
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
                continue
            info.type = {"dir": tarfile.DIRTYPE, "symlink": tarfile.SYMTYPE, "hardlink": tarfile.LNKTYPE,
                         "fifo": tarfile.FIFOTYPE}[kind]
            info.linkname = link if kind in ("symlink", "hardlink") else ""
            tar.addfile(info)
    raw = buffer.getvalue()
    if long_header and not compression:
        # A long-name record in front, larger or smaller than the header cap.
        raw = b"".join(tarcraft.extended(b"L", long_header)) + raw
    return raw


def _zip_bytes(members) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, kind, data, link in members:
            info = zipfile.ZipInfo(name)
            if kind == "symlink":
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
                zf.writestr(info, link)
            elif kind == "fifo":
                info.external_attr = (stat.S_IFIFO | 0o644) << 16
                zf.writestr(info, b"")
            elif kind == "dir":
                zf.writestr(name.rstrip("/") + "/", b"")
            else:
                zf.writestr(info, data)
    return buffer.getvalue()


archive = st.tuples(
    st.lists(member, min_size=1, max_size=12),
    st.sampled_from(["zip", "tar", "tar.gz", "tar.bz2", "tar.xz"]),
    st.sampled_from([tarfile.GNU_FORMAT, tarfile.PAX_FORMAT, tarfile.USTAR_FORMAT]),
    st.sampled_from([0, 0, 0, 100, 5000, 2 * 1024 * 1024]),
)


def _compression(kind: str) -> str:
    return {"tar": "", "tar.gz": "gz", "tar.bz2": "bz2", "tar.xz": "xz"}.get(kind, "")


def _archive_bytes(spec) -> bytes:
    """The archive a spec describes; names the writer itself refuses are not archives anyone ships."""
    members, kind, fmt, long_header = spec
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names in a zip are part of the point
        try:
            return _zip_bytes(members) if kind == "zip" else _tar_bytes(members, fmt, _compression(kind), long_header)
        except (ValueError, UnicodeError, tarfile.TarError, OSError):
            assume(False)
            raise


@pytest.fixture
def sandbox(tmp_path):
    """A fresh TMPDIR for tempfile, and a sentinel folder escaping members would write into."""
    previous = tempfile.tempdir
    yield tmp_path
    tempfile.tempdir = previous


@FUZZ
@given(spec=archive)
def test_extract_never_raises_anything_else_and_stays_inside(sandbox, spec):
    kind = spec[1]
    data = _archive_bytes(spec)
    work = Path(tempfile.mkdtemp(dir=sandbox))
    tmp_root = work / "tmp"
    tmp_root.mkdir()
    tempfile.tempdir = str(tmp_root)
    source = work / ("a.zip" if kind == "zip" else f"a.{kind}")
    source.write_bytes(data)
    dest = work / "root" / "dest"
    dest.mkdir(parents=True)
    tracemalloc.start()
    try:
        left_out = extract(source, dest, LIMITS)
        assert all(isinstance(k, str) and len(v) <= 1000 for k, v in left_out.items())
    except ArchiveError as exc:
        assert len(str(exc)) <= ArchiveError.MAX_MESSAGE
        assert list(dest.iterdir()) == []  # nothing half-extracted is left to scan
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert peak < MEMORY_CAP
    assert sorted(p.name for p in (work / "root").iterdir()) == ["dest"]  # nothing beside dest
    for path in dest.rglob("*"):
        assert not path.is_symlink() and (path.is_dir() or path.is_file())
        assert not path.is_file() or not path.stat().st_mode & 0o111
    assert os.listdir(tmp_root) == []
    remove_tree(work)


# -- metadata -------------------------------------------------------------------------------------------------

toml_value = st.recursive(
    st.one_of(st.text(max_size=30), st.integers(), st.booleans(), st.floats(allow_nan=False, allow_infinity=False)),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.from_regex(r"[a-z]{1,6}", fullmatch=True),
                                                                        inner, max_size=4)),
    max_leaves=10,
)


def _toml(value) -> str:
    import json

    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {_toml(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value)
    return repr(value)


metadata_files = st.fixed_dictionaries({}, optional={
    "PKG-INFO": st.one_of(st.binary(max_size=4096),
                          st.builds(lambda n, v, junk: f"Name: {n}\nVersion: {v}\n{junk}".encode("utf-8", "replace"),
                                    st.text(max_size=300), st.text(max_size=50), st.text(max_size=200))),
    "demo-1.0.dist-info/METADATA": st.binary(max_size=2048),
    "pyproject.toml": st.one_of(
        st.text(max_size=2000).map(lambda t: t.encode("utf-8", "surrogateescape")),
        st.builds(lambda p: f"project = {_toml(p)}\n".encode(), toml_value),
        st.builds(lambda name, version: f"[project]\nname = {_toml(name)}\nversion = {_toml(version)}\n".encode(),
                  toml_value, toml_value),
        st.integers(1, 3000).map(lambda n: ("x = " + "[" * n + "]" * n + "\n").encode()),
    ),
})


@FUZZ
@given(files=metadata_files)
def test_read_metadata_never_raises(tmp_path_factory, files):
    root = tmp_path_factory.mktemp("meta")
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    name, version = read_metadata(root)
    assert name is None or (isinstance(name, str) and len(name) <= 200)
    assert version is None or (isinstance(version, str) and len(version) <= 100)
    remove_tree(root)


# -- requirements files -----------------------------------------------------------------------------------------

token = st.one_of(
    st.sampled_from(["-r", "-c", "-e", "-i", "-f", "--requirement", "--constraint=", "--index-url",
                     "--extra-index-url", "--hash=sha256:" + "a" * 64, "--hash=md5:00", "--pre", "--no-index",
                     "#", "\\", "\\\n", ";", "@", "==", "alpha", "beta>=1", "gamma[x]==2", "other.txt", "self.txt",
                     "https://example.invalid/x.whl", "./local", "'", '"', "--frob", "/dev/zero", "x" * 600]),
    st.text(max_size=10),
)
requirement_line = st.lists(token, max_size=6).map(" ".join)
requirement_text = st.lists(requirement_line, max_size=12).map("\n".join)


@FUZZ
@given(top=requirement_text, other=requirement_text)
def test_requirements_parse_never_raises(tmp_path_factory, top, other):
    root = tmp_path_factory.mktemp("req")
    (root / "self.txt").write_text(top, encoding="utf-8", errors="surrogateescape")
    (root / "other.txt").write_text(other, encoding="utf-8", errors="surrogateescape")
    parsed = parse(root / "self.txt")
    assert len(parsed.files) <= 2  # each file once, whatever includes what
    for entry in parsed.entries:
        assert len(entry.text) <= 500 and (entry.error is None or len(entry.error) <= 500)
        assert entry.error is not None or all(len(d) in (64, 96, 128) for ds in entry.hashes.values() for d in ds)
    remove_tree(root)


# -- whole CLI runs (a handful: each costs a Semgrep start) -------------------------------------------------------

CLI_FUZZ = settings(FUZZ, max_examples=max(2, EXAMPLES // 15))


@CLI_FUZZ
@given(spec=archive)
def test_cli_reports_any_archive_and_keeps_the_batch(tmp_path_factory, spec):
    kind = spec[1]
    data = _archive_bytes(spec)
    work = tmp_path_factory.mktemp("cli-fuzz")
    base = work / "in"
    base.mkdir()
    sibs = hostkit.siblings(base)
    name = "fuzzed-1.0.zip" if kind == "zip" else f"fuzzed-1.0.{kind}"
    (base / name).write_bytes(data)
    run = hostkit.scan([name, *sibs.values()], work, "--max-member-mb", "0.1", "--max-members", "64", cwd=base)
    hostkit.assert_batch_intact(run, sibs)
    (package,) = run.packages(name)
    assert package["verdict"] in ("clean", "suspicious", "malicious", "error")
    assert package["error"] is None or len(package["error"]) <= 500
    remove_tree(work)


def test_fuzz_helpers_build_what_they_say():
    # The generators themselves: a plain member round-trips, so the properties above test something.
    data = _tar_bytes([("demo-1.0/setup.py", "file", b"x", "")], tarfile.PAX_FORMAT, "gz", 0)
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        assert tar.getnames() == ["demo-1.0/setup.py"]
    with zipfile.ZipFile(io.BytesIO(_zip_bytes([("a/b.py", "file", b"y", "")]))) as zf:
        assert zf.read("a/b.py") == b"y"
    assert avkit.PAYLOAD_RULE
