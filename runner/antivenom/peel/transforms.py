"""Bounded one-step decoders. Each takes bytes and returns (transform name, output) pairs.

Cheap, magic-checked decoders (base16/32/64, zlib, gzip, bz2, lzma, whitespace bits) always
run; decoders that would accept almost any input (rot13, reverse, base85, XOR, char maps) run
only when the layer's own code hints at them (`Hints`), so benign files pay little.
Decompression is always bounded by the bytes left in the file's decoded-bytes budget.
"""

from __future__ import annotations

import base64
import binascii
import bz2
import codecs
import lzma
import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from .caps import Budget, CapExceeded
from .classify import as_text, binary_kind, is_readable_text

_WS = re.compile(rb"[\s\\]+")  # whitespace and stray line-continuation backslashes inside blobs
_B64 = re.compile(rb"[A-Za-z0-9+/]+={0,2}")
_B64URL = re.compile(rb"[A-Za-z0-9_-]+={0,2}")
_B32 = re.compile(rb"[A-Z2-7]+=*")
_HEX = re.compile(rb"(?:0x)?[0-9a-fA-F]+")
_B85 = re.compile(rb"[0-9A-Za-z!#$%&()*+\-;<=>?@^_`{|}~]+")
MIN_ENCODED = 16


@dataclass
class Hints:
    """What the code holding a literal suggests about how it is decoded, and with what."""

    words: frozenset[str] = frozenset()  # e.g. "rot13", "reverse", "b85", "xor", "fernet", "aes"
    keys: list[bytes] = field(default_factory=list)  # short literals in scope: XOR/Fernet/AES keys, IVs
    xor_ints: list[int] = field(default_factory=list)  # ints XORed in scope
    charmaps: list[dict[str, str]] = field(default_factory=list)  # literal substitution tables


def _compact(data: bytes) -> bytes:
    return _WS.sub(b"", data) if len(data) < 64 * 1024 * 1024 else data


def _padded(data: bytes) -> bytes:
    return data + b"=" * (-len(data) % 4)


_EMBEDDED = re.compile(rb"[A-Za-z0-9+/]{40,}={0,2}")


def utf16_text(data: bytes) -> bytes | None:
    """UTF-16LE text (PowerShell -EncodedCommand) as UTF-8, or None."""
    if len(data) < 16 or len(data) % 2 or data[1::2].count(0) < len(data) // 2 * 0.9:
        return None
    try:
        return data.decode("utf-16-le").encode("utf-8")
    except UnicodeDecodeError:
        return None


def base_decoders(data: bytes, hints: Hints, budget: Budget) -> Iterator[tuple[str, bytes]]:
    compact = _compact(data)
    if len(compact) < MIN_ENCODED:
        return
    budget.spend(len(compact))
    text16 = utf16_text(data)
    if text16 is not None:
        yield "utf-16le", text16
        return
    words = b" " in data.strip() or (not _B64URL.fullmatch(compact) and not _B64.fullmatch(compact))
    if words and len(data) < 1024 * 1024:
        # a blob inside a longer string (a command line, a config value): try the runs themselves
        for match in _EMBEDDED.finditer(data):
            if len(match.group()) % 4 in (0, 2, 3):
                yield from _attempt("embedded-base64", lambda d: base64.b64decode(_padded(d)), match.group())
    if _HEX.fullmatch(compact) and len(compact.removeprefix(b"0x")) % 2 == 0:
        yield "base16", binascii.unhexlify(compact.removeprefix(b"0x"))
    if _B32.fullmatch(compact) and len(compact) % 8 == 0 and not _HEX.fullmatch(compact):
        yield from _attempt("base32", base64.b32decode, compact)
    if _B64.fullmatch(compact) and len(compact.rstrip(b"=")) % 4 != 1:
        yield from _attempt("base64", lambda d: base64.b64decode(_padded(d), validate=True), compact)
    elif _B64URL.fullmatch(compact) and len(compact.rstrip(b"=")) % 4 != 1:
        yield from _attempt("base64-urlsafe", lambda d: base64.urlsafe_b64decode(_padded(d)), compact)
    spaced = re.sub(rb"\s+", b"", data)  # base85 alphabets hold backslashes: strip whitespace only
    if "b85" in hints.words and _B85.fullmatch(spaced):
        yield from _attempt("base85", base64.b85decode, spaced)
    if "a85" in hints.words:
        yield from _attempt("ascii85", lambda d: base64.a85decode(d, adobe=d.startswith(b"<~")), spaced)


def _attempt(name: str, decode: Callable[[bytes], bytes], data: bytes) -> Iterator[tuple[str, bytes]]:
    """One decoder that may refuse its input: nothing on refusal."""
    try:
        out = decode(data)
    except (binascii.Error, ValueError):
        return
    yield name, out


def _bounded(name: str, make: Callable[[], object], data: bytes, budget: Budget) -> bytes | None:
    """Decompress at most the bytes left in the budget; a stream that wants more is a bomb."""
    budget.spend(len(data))
    room = budget.remaining_bytes()
    decoder = make()
    try:
        out = decoder.decompress(data, room + 1)  # type: ignore[attr-defined]
    except (zlib.error, OSError, EOFError, lzma.LZMAError, ValueError):
        return None
    if len(out) > room:
        raise CapExceeded(f"{name} output exceeds the {budget.caps.max_decoded_bytes}-byte decoded cap "
                          "(decompression bomb?)")
    return out


def decompressors(data: bytes, budget: Budget) -> Iterator[tuple[str, bytes]]:
    if len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0:
        out = _bounded("zlib", zlib.decompressobj, data, budget)
        if out is not None:
            yield "zlib", out
    elif data.startswith(b"\x1f\x8b\x08"):
        out = _bounded("gzip", lambda: zlib.decompressobj(16 + zlib.MAX_WBITS), data, budget)
        if out is not None:
            yield "gzip", out
    elif data.startswith(b"BZh") and data[3:10].startswith(b"1AY&SY", 1):
        out = _bounded("bz2", bz2.BZ2Decompressor, data, budget)
        if out is not None:
            yield "bz2", out
    elif data.startswith(b"\xfd7zXZ\x00"):
        out = _bounded("lzma", lambda: lzma.LZMADecompressor(lzma.FORMAT_XZ), data, budget)
        if out is not None:
            yield "lzma", out
    elif data.startswith(b"\x5d\x00\x00") and len(data) > 13:
        out = _bounded("lzma", lambda: lzma.LZMADecompressor(lzma.FORMAT_ALONE), data, budget)
        if out is not None:
            yield "lzma", out


def text_tricks(data: bytes, hints: Hints, budget: Budget, done: list[str]) -> Iterator[tuple[str, bytes]]:
    text = as_text(data)
    if text is None:
        return
    budget.spend(len(data))
    last = done[-1] if done else ""
    if ("reverse" in hints.words or text.rstrip().startswith("=")) and last != "reverse":
        yield "reverse", data[::-1]
    if "rot13" in hints.words and last != "rot13" and any(ch.isalpha() for ch in text[:256]):
        yield "rot13", codecs.encode(text, "rot13").encode("utf-8")
    for table in hints.charmaps:
        mapped = _apply_map(text, table)
        if mapped is not None:
            yield "char-map", mapped.encode("utf-8", "surrogatepass")
    bits = whitespace_bits(text)
    if bits is not None:
        yield "whitespace-bits", bits


def _apply_map(text: str, table: dict[str, str]) -> str | None:
    """Replace every symbol by its value; None unless every symbol is in the table."""
    symbols = sorted(table, key=len, reverse=True)
    out, i = [], 0
    while i < len(text):
        for symbol in symbols:
            if text.startswith(symbol, i):
                out.append(table[symbol])
                i += len(symbol)
                break
        else:
            if text[i] in " \n":
                out.append(text[i])
                i += 1
                continue
            return None
    return "".join(out)


_BIT_PAIRS = ((" ", "\t"), ("\u200b", "\u200c"), ("\u200c", "\u200d"))


def whitespace_bits(text: str) -> bytes | None:
    """Eight whitespace (or zero-width) characters per byte: space 0, tab 1 (or the reverse)."""
    stripped = text.replace("\n", "").replace("\r", "")
    if len(stripped) < 64 or len(stripped) % 8:
        return None
    for zero, one in _BIT_PAIRS:
        if set(stripped) <= {zero, one} and len(set(stripped)) == 2:
            bits = "".join("1" if ch == one else "0" for ch in stripped)
            out = int(bits, 2).to_bytes(len(bits) // 8, "big")
            if is_readable_text(out):
                return out
            flipped = bytes(b ^ 0xFF for b in out)
            return flipped if is_readable_text(flipped) else None
    return None


_SIGNAL = re.compile(rb"://|\b(import|exec|eval|powershell|curl|wget|cmd|bash|subprocess|system|socket|open)\b|/bin/")
_ENCODED_TEXT = re.compile(rb"[A-Za-z0-9+/=_\-\s]+")


def has_signal(data: bytes) -> bool:
    """Readable text that names code, a command or an endpoint (not just any words)."""
    return is_readable_text(data) and _SIGNAL.search(data[:65536]) is not None


def plausible(data: bytes) -> bool:
    """Worth keeping after a keyed or guessed step: code-like text, another encoded layer, or known magic."""
    if binary_kind(data) is not None or data[:2] in (b"\x78\x9c", b"\x78\xda", b"\x78\x01", b"\x1f\x8b"):
        return True
    if has_signal(data):
        return True
    return len(data) >= MIN_ENCODED and _ENCODED_TEXT.fullmatch(data[:4096]) is not None and is_readable_text(data)


def xor_decoders(data: bytes, hints: Hints, budget: Budget, done: list[str]) -> Iterator[tuple[str, bytes]]:
    if "xor" not in hints.words or len(data) < MIN_ENCODED or any(step.startswith("xor") for step in done):
        return
    for key in hints.keys:
        if not key or len(key) > len(data):
            continue
        budget.spend(len(data))
        out = xor(data, key)
        if plausible(out):
            yield f"xor-key:{key[:16]!r}", out
    ints = list(dict.fromkeys(hints.xor_ints))
    if not ints and len(data) <= budget.caps.max_xor_brute_bytes:
        ints = list(range(1, 256))  # brute force: cheap on a 64-byte probe first
    for value in ints:
        probe = xor(data[:64], bytes([value]))
        budget.spend(len(probe))
        if not is_readable_text(probe) and binary_kind(probe) is None:
            continue
        budget.spend(len(data))
        out = xor(data, bytes([value]))
        if plausible(out):
            yield f"xor-byte:{value}", out


def xor(data: bytes, key: bytes) -> bytes:
    """data XOR the key repeated, as one big-integer operation (fast for megabytes)."""
    stream = (key * (len(data) // len(key) + 1))[: len(data)]
    return (int.from_bytes(data, "big") ^ int.from_bytes(stream, "big")).to_bytes(len(data), "big")
