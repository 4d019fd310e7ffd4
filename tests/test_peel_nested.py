"""Archives inside a package, found by magic bytes, listed in memory under caps, depth <= 3."""

from __future__ import annotations

import gzip
import io
import tarfile
import zipfile

from antivenom.archives import Limits
from antivenom.peel import PeelCaps, archive_members, peel_file
from antivenom.peel.caps import Budget

CODE = b"import os\nos.system('echo nested-defanged')\n"


def _zip(members: dict[str, bytes], links: dict[str, str] | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
        for name, target in (links or {}).items():
            info = zipfile.ZipInfo(name)
            info.external_attr = (0o120777 << 16)
            zf.writestr(info, target)
    return buf.getvalue()


def _tar(members: dict[str, bytes], symlink: tuple[str, str] | None = None) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tf:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
        if symlink:
            info = tarfile.TarInfo(symlink[0])
            info.type = tarfile.SYMTYPE
            info.linkname = symlink[1]
            tf.addfile(info)
    return buf.getvalue()


def test_zip_named_as_data_is_found_by_magic_and_its_python_peeled() -> None:
    result = peel_file("pkg/assets/font.dat", _zip({"inner/mod.py": CODE}))
    members = [d for d in result.derived if d.kind == "archive-member"]
    assert [d.name for d in members] == ["pkg/assets/font.dat::inner/mod.py"]
    assert members[0].data == CODE and members[0].depth == 1


def test_tar_gz_and_nested_zip_in_tar() -> None:
    inner = _zip({"stage.py": CODE})
    blob = gzip.compress(_tar({"a/payload.zip": inner, "a/readme.txt": b"hello"}))
    names = {d.name for d in peel_file("data.bin", blob).derived}
    assert "data.bin::a/payload.zip::stage.py" in names
    assert "data.bin::a/readme.txt" in names


def test_wheel_inside_a_package() -> None:
    wheel = _zip({"evil/__init__.py": CODE, "evil-1.0.dist-info/METADATA": b"Name: evil\n"})
    names = [d.name for d in peel_file("vendor/evil-1.0-py3-none-any.whl", wheel).derived]
    assert "vendor/evil-1.0-py3-none-any.whl::evil/__init__.py" in names


def test_depth_is_capped_at_three() -> None:
    blob = _zip({"leaf.py": CODE})
    for level in range(5):
        blob = _zip({f"level{level}.zip": blob})
    result = peel_file("deep.zip", blob)
    assert max(d.depth for d in result.derived) <= 3
    assert any("nested deeper than 3" in reason for _, reason in result.skipped)
    assert not any(d.name.endswith("leaf.py") for d in result.derived)


def test_unsafe_members_are_left_out_and_reported() -> None:
    blob = _zip({"../escape.py": CODE, "/abs.py": CODE, "ok.py": CODE}, links={"link.py": "/etc/passwd"})
    result = peel_file("x.zip", blob)
    assert [d.name for d in result.derived if d.kind == "archive-member"] == ["x.zip::ok.py"]
    reasons = {path: reason for path, reason in result.skipped}
    assert {"x.zip::../escape.py", "x.zip::/abs.py", "x.zip::link.py"} <= set(reasons)
    tar_result = peel_file("y.tar", _tar({"ok.py": CODE}, symlink=("l.py", "../../etc/passwd")))
    assert [p for p, _ in tar_result.skipped] == ["y.tar::l.py"]


def test_member_count_and_bytes_share_the_limits() -> None:
    blob = _zip({f"m{i}.txt": b"x" for i in range(50)})
    found, skipped = archive_members("a.zip", blob, Budget(PeelCaps()), Limits(max_members=10))
    assert len(found) == 10 and "more than 10 archive members" in skipped[0][1]
    big = _zip({"big.bin": b"\0" * (5 * 1024 * 1024)})
    found, skipped = archive_members("b.zip", big, Budget(PeelCaps()), Limits(max_member_bytes=1024 * 1024))
    assert found == [] and "expands past" in skipped[0][1]


def test_zip_bomb_is_bounded_by_the_decoded_cap() -> None:
    bomb = _zip({f"z{i}.bin": b"\0" * (8 * 1024 * 1024) for i in range(3)})
    result = peel_file("bomb.zip", bomb)
    assert sum(len(d.data) for d in result.derived) <= PeelCaps().max_decoded_bytes
    assert result.skipped


def test_member_count_cap_keeps_what_was_read_and_says_so() -> None:
    blob = _zip({f"m{i}.txt": b"x" for i in range(60)})
    found, skipped = archive_members("a.zip", blob, Budget(PeelCaps()), Limits(max_members=50))
    assert len(found) == 50
    assert skipped == [("a.zip", "more than 50 archive members; the rest of the archive was not read")]


def test_corrupt_archive_is_a_skip_not_a_crash() -> None:
    blob = _zip({"a.py": CODE})[:-30]
    result = peel_file("c.zip", blob)
    assert result.skipped and "unreadable nested zip" in result.skipped[0][1]
