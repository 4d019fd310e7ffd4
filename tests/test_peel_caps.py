"""Every decoding path of peel ends within its caps: the skip reason and the output size are
asserted, never the time taken."""

from __future__ import annotations

import base64
import bz2
import lzma
import zlib

from antivenom.peel import PeelCaps, peel_file

MB = 1024 * 1024
LEAF = b"import os\nos.system('echo layered-defanged')\n"


def _total(result) -> int:
    return sum(len(d.data) for d in result.derived)


def _skips(result) -> str:
    return " | ".join(reason for _, reason in result.skipped)


def test_zlib_bomb_in_a_base64_literal_stops_at_the_decoded_cap() -> None:
    bomb = zlib.compress(b"\0" * (200 * MB), 9)  # 200 MB of zeros in ~200 KB
    source = f"import base64, zlib\nexec(zlib.decompress(base64.b64decode({base64.b64encode(bomb).decode()!r})))\n"
    result = peel_file("setup.py", source.encode())
    assert "zlib output exceeds the 10485760-byte decoded cap" in _skips(result)
    assert _total(result) <= PeelCaps().max_decoded_bytes


def test_bz2_and_lzma_bombs_stop_too() -> None:
    for compress, name in ((bz2.compress, "bz2"), (lzma.compress, "lzma")):
        blob = base64.b64encode(compress(b"A" * (40 * MB))).decode()
        result = peel_file("a.py", f"P = {blob!r}\n".encode())
        assert f"{name} output exceeds" in _skips(result), name
        assert _total(result) <= PeelCaps().max_decoded_bytes


def test_a_100_deep_layer_chain_stops_at_depth_5() -> None:
    code = LEAF
    for _ in range(100):
        blob = base64.b64encode(zlib.compress(code)).decode()
        code = f"import base64, zlib\nexec(zlib.decompress(base64.b64decode({blob!r})))\n".encode()
    result = peel_file("setup.py", code)
    assert max(d.depth for d in result.derived) == 5
    assert "depth cap 5 reached" in _skips(result)
    assert not any(d.data == LEAF for d in result.derived)  # 95 layers further down: never reached
    assert len([d for d in result.derived if d.kind == "python"]) == 5


def test_a_chain_of_five_is_peeled_to_the_leaf() -> None:
    code = LEAF
    for _ in range(5):
        code = f"import base64\nexec(base64.b64decode({base64.b64encode(code).decode()!r}))\n".encode()
    result = peel_file("setup.py", code)
    leaf = [d for d in result.derived if d.data == LEAF]
    assert leaf and leaf[0].depth == 5 and leaf[0].chain == ["base64"] * 5


def test_a_10_mb_literal_is_bounded_by_the_decoded_cap() -> None:
    # three base64 layers: 10 MB -> 7.5 MB -> 5.6 MB would pass the 10 MB total cap
    payload = b"x" * (6 * MB)
    for _ in range(2):
        payload = base64.b64encode(payload)
    source = b"P = '" + base64.b64encode(payload) + b"'\n"
    assert len(source) > 10 * MB
    result = peel_file("big.py", source)
    assert "decoded bytes exceed the 10485760-byte cap" in _skips(result)
    assert _total(result) <= PeelCaps().max_decoded_bytes


def test_the_work_budget_is_counted_not_timed() -> None:
    blobs = "\n".join(f"P{i} = {base64.b64encode(bytes([i]) * 3000).decode()!r}" for i in range(200))
    result = peel_file("many.py", blobs.encode(), PeelCaps(max_work=100_000))
    assert "work budget of 100000 units exhausted" in _skips(result)
    again = peel_file("many.py", blobs.encode(), PeelCaps(max_work=100_000))
    assert again.skipped == result.skipped  # deterministic: the same place every run


def test_derived_file_count_is_capped() -> None:
    codes = [f"import os\nos.system('echo {i}')\n".encode() for i in range(20)]
    source = "\n".join(f"exec(__import__('base64').b64decode({base64.b64encode(c).decode()!r}))" for c in codes)
    result = peel_file("a.py", source.encode(), PeelCaps(max_derived=5))
    assert "more than 5 derived files" in _skips(result)
    assert len(result.derived) <= 5


def test_repeated_string_multiplication_is_not_built() -> None:
    result = peel_file("a.py", b"P = 'QUFB' * 10**12\nQ = 'QUFB' * 100000000000\n")
    assert _total(result) == 0
