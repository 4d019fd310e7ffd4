"""A cheap text gate in front of peeling a real file: one regex pass over its bytes.

Peeling costs several times an `ast.parse` (the literal folder walks every expression), and
almost no benign file needs it. A file is only parsed when its text names something a layer
or a spelling trick needs: a decoder or a dynamic-dispatch word, a long encoded-looking run,
invisible or look-alike characters. Literal payloads are only searched for (the folder) when
a decoder word or a long run is there; otherwise only the normalised view is built.
"""

from __future__ import annotations

import re

SKIP, NORMALISE, FULL = 0, 1, 2

# Decoders, ciphers, code loaders and assembly tricks: a payload hidden in a literal needs one.
_DECODER = (rb"b(?:16|32|64|85)decode|a85decode|decodebytes|decodestring|fromhex|unhexlify|decompress|"
            rb"marshal|Fernet|\bAES\b|\bchr\(|map\(\s*chr\b|codecs\.decode|rot.?13|\[::-1\]|reversed\(|"
            rb"maketrans|pickle|\bxor\b|\^\s*(?:0x[0-9a-fA-F]+|\d+|key)\b")
# A long run of one encoding's alphabet (base64/base32/base85-ish, or hex): a blob to decode.
_LONG_RUN = rb"[A-Za-z0-9+/_-]{160,}={0,2}|(?:[0-9a-fA-F]{2}){60,}"
# Invisible carriers (tags, variation selectors, private use, zero-width runs) in UTF-8.
_INVISIBLE = rb"\xf3\xa0[\x80-\x87]|\xef\xb8[\x80-\x8f]|\xee[\x80-\xbf]|\xef[\x80-\xa3]|\xe2\x80[\x8b-\x8d]{4}"
# Dynamic dispatch and aliases the normalised view undoes; look-alike identifier characters.
_DYNAMIC = (rb"\bexec\b|\beval\b|getattr|__import__|import_module|__builtins__|builtins|vars\(|__dict__\[|"
            rb"globals\(\)|locals\(\)|\bcompile\b|=[ \t]*[\w.]*\.(?:system|popen|Popen|check_output|urlopen)[ \t]*$|"
            rb"^[ \t]*from[ \t]+(?:os|subprocess|builtins|base64|marshal|zlib|socket|ctypes|requests|urllib[\w.]*)"
            rb"[ \t]+import[^\n]*\bas\b|"
            rb"\xf0\x9d[\x90-\x9f]|\xe2\x84[\x80-\xbf]|\xef\xbc|\xef\xbd")
# String pieces joined into an endpoint or a command (the view folds them).
_FOLD = rb"['\"][ \t]*\+|\+[ \t]*['\"]|\.join\(|\.format\("
_FOLD_WORDS = rb"://|webhook|powershell|socket|subprocess|\.system|popen"

_FULL = re.compile(b"|".join((_DECODER, _LONG_RUN, _INVISIBLE)))
_DYNAMIC_RE = re.compile(_DYNAMIC, re.M)
_FOLD_RE = re.compile(_FOLD)
_FOLD_WORDS_RE = re.compile(_FOLD_WORDS)


def level(data: bytes) -> int:
    """FULL (fold literals and normalise), NORMALISE (the normalised view only) or SKIP."""
    if _FULL.search(data):
        return FULL
    if _DYNAMIC_RE.search(data) or (_FOLD_WORDS_RE.search(data) and _FOLD_RE.search(data)):
        return NORMALISE
    return SKIP
