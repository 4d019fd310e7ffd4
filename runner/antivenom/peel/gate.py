"""A cheap text gate in front of peeling a real file: a few regex passes over its bytes.

Peeling costs several times an `ast.parse` (the literal folder and the normaliser walk every
node), and almost no benign file needs it. A file is only parsed when its text names
something a layer or a spelling trick needs: a decoder word, a long encoded-looking run,
invisible or look-alike characters (FULL: literal payloads are searched for and the view
built), or dynamic dispatch in the shapes the normalised view undoes (NORMALISE: the view
only). Plain `getattr(obj, name)`, `model.eval()` or `re.compile` do not open the gate.

The patterns are written so that each fails fast: the long-run test only starts at the
beginning of a run (a lookbehind), never at each of its characters.
"""

from __future__ import annotations

import re

SKIP, NORMALISE, FULL = 0, 1, 2

# Character arithmetic (chr codes, reversal, translation tables, xor): what literals.py folds.
_FOLDING_WORDS = (b"chr(", b"chr,", b"chr)", b"[::-1]", b"maketrans", b"rot13", b"rot_13", b"xor")
# Decoders, ciphers and assembly tricks: a payload hidden in a literal needs one, and a sink that
# runs or drops what it decodes. Plain substrings (a memchr-speed `in`), so a file naming none costs
# a few passes, not a regex. (`pickle`, `decompress` or `AES` alone are everyday benign code.)
_FULL_WORDS = (b"b64decode", b"b32decode", b"b16decode", b"b85decode", b"a85decode", b"decodebytes",
               b"decodestring", b"fromhex", b"unhexlify", b"decompress", b"marshal", b"Fernet", b"AES",
               b"codecs.decode", *_FOLDING_WORDS)
_SINKS = (b"exec", b"eval", b"compile(", b"system", b"popen", b"Popen", b"subprocess", b"run_path", b"__import__",
          b"write")
# An endpoint spelled by character arithmetic beside a network send is a hidden destination
# (literals.py folds it, YARA's decoded_endpoint reads it); base64/hex endpoints YARA reads raw.
_SENDS = (b"urlopen", b"Request(", b"requests.", b"httpx.", b"socket")
# Invisible carriers in UTF-8 (tag characters, variation selectors, private use, zero-width runs),
# only looked for in a file holding one of their lead bytes.
_INVISIBLE_LEADS = (b"\xf3\xa0", b"\xee", b"\xef", b"\xe2\x80")
_INVISIBLE = re.compile(rb"\xf3\xa0[\x80-\x87]|\xef\xb8[\x80-\x8f]|\xee[\x80-\xbf]|\xef[\x80-\xa3]|"
                        rb"\xe2\x80[\x8b-\x8d]{4}")
# A long run of one encoding's alphabet (base64/base32/base85-ish, or hex): the bytes mapped to
# "A" (alphabet) or "." (anything else) by one C-speed translate, then a plain substring search.
_ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-"
_RUN_TABLE = bytes(ord("A") if byte in _ALPHABET else ord(".") for byte in range(256))
_LONG_RUN = b"A" * 160
# Dynamic dispatch in the shapes the normalised view undoes. Each shape is looked for only on the
# lines holding its lead word (found by a substring search), so a regex never walks a whole file.
_PRESENT = (b"__import__", b"__builtins__", b"vars()[", b"__dict__[", b"globals()[", b"locals()[")
_ON_LINES: tuple[tuple[tuple[bytes, ...], re.Pattern[bytes]], ...] = (
    ((b"exec", b"eval"), re.compile(rb"(?<![.\w])(?:exec|eval)\s*\(|=[ \t]*(?:exec|eval)[ \t]*$", re.M)),
    ((b"compile",), re.compile(rb"=[ \t]*compile[ \t]*$", re.M)),
    ((b"builtins",), re.compile(rb"\bbuiltins\b")),
    ((b"getattr",), re.compile(rb"getattr\(\s*(?:os|subprocess|sys|socket|importlib|ctypes|shutil|\w+\()\s*,|"
                               rb"getattr\([^)]{0,80}['\"]\s*\+|=[ \t]*getattr[ \t]*$", re.M)),
    ((b"import_module",), re.compile(rb"import_module\([^)]*\+")),
    ((b".system", b".popen", b".Popen", b".run", b".call", b".check_output"),
     re.compile(rb"=[ \t]*(?:os|subprocess)\.(?:system|popen|Popen|run|call|check_output)[ \t]*$", re.M)),
    ((b"from os", b"from subprocess", b"from builtins", b"from base64", b"from marshal", b"from zlib",
      b"from socket", b"from ctypes", b"from requests", b"from urllib"),
     re.compile(rb"^[ \t]*from[ \t]+(?:os|subprocess|builtins|base64|marshal|zlib|socket|ctypes|requests|urllib[\w.]*)"
                rb"[ \t]+import[^\n]*\bas\b", re.M)),
    # string pieces joined into an endpoint or a command (the view folds them)
    ((b"://", b"webhook", b"powershell", b"cmd.exe", b"/bin/"),
     re.compile(rb"(?:://|webhook|powershell|cmd\.exe|/bin/)[^'\"\n]*['\"][ \t]*\+")),
)
# Look-alike identifier characters NFKC folds to ASCII (mathematical letters, letterlike, fullwidth).
_LOOKALIKE_LEADS = (b"\xf0\x9d", b"\xe2\x84", b"\xef\xbc", b"\xef\xbd")
_LOOKALIKE = re.compile(rb"\xf0\x9d[\x90-\x9f]|\xe2\x84[\x80-\xbf]|\xef\xbc|\xef\xbd")
_MAX_LINES = 2000  # lines tried per lead word; past that, the file is peeled anyway


def _any(data: bytes, words: tuple[bytes, ...]) -> bool:
    return any(word in data for word in words)


def _on_lines(data: bytes, word: bytes, pattern: re.Pattern[bytes]) -> bool:
    at, tried = data.find(word), 0
    while at != -1:
        tried += 1
        if tried > _MAX_LINES:
            return True
        start = data.rfind(b"\n", 0, at) + 1
        end = data.find(b"\n", at)
        end = len(data) if end == -1 else end
        if pattern.search(data, start, end):
            return True
        at = data.find(word, end)
    return False


def _dynamic(data: bytes) -> bool:
    if _any(data, _PRESENT) or (_any(data, _LOOKALIKE_LEADS) and _LOOKALIKE.search(data)):
        return True
    return any(_on_lines(data, word, pattern) for words, pattern in _ON_LINES for word in words if word in data)


def level(data: bytes) -> int:
    """FULL (fold literals and normalise), NORMALISE (the normalised view only) or SKIP."""
    if (_any(data, _FULL_WORDS) and _any(data, _SINKS)) or (_any(data, _FOLDING_WORDS) and _any(data, _SENDS)) \
            or (_any(data, _INVISIBLE_LEADS) and _INVISIBLE.search(data)) or _LONG_RUN in data.translate(_RUN_TABLE):
        return FULL
    return NORMALISE if _dynamic(data) else SKIP
