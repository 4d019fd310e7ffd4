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

# Decoders, ciphers, code loaders and assembly tricks: a payload hidden in a literal needs one.
# Plain substrings (a memchr-speed `in`), so a file naming none costs a few passes, not a regex.
_FULL_WORDS = (b"b64decode", b"b32decode", b"b16decode", b"b85decode", b"a85decode", b"decodebytes",
               b"decodestring", b"fromhex", b"unhexlify", b"decompress", b"marshal", b"Fernet", b"AES",
               b"chr(", b"chr,", b"chr)", b"codecs.decode", b"rot13", b"rot_13", b"[::-1]", b"maketrans",
               b"pickle", b"xor")
# Invisible carriers in UTF-8 (tag characters, variation selectors, private use, zero-width runs),
# only looked for in a file holding one of their lead bytes.
_INVISIBLE_LEADS = (b"\xf3\xa0", b"\xee", b"\xef", b"\xe2\x80")
_INVISIBLE = re.compile(rb"\xf3\xa0[\x80-\x87]|\xef\xb8[\x80-\x8f]|\xee[\x80-\xbf]|\xef[\x80-\xa3]|"
                        rb"\xe2\x80[\x8b-\x8d]{4}")
# A long run of one encoding's alphabet (base64/base32/base85-ish, or hex), from its first character.
_LONG_RUN = re.compile(rb"(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{160}")
# Dynamic dispatch in the shapes the normalised view undoes, behind the words each shape needs.
_DYNAMIC_LEADS = (b"exec", b"eval", b"getattr", b"__import__", b"builtins", b"import_module", b"vars()[",
                  b"__dict__[", b"globals()[", b"locals()[", b"compile", b".system", b".popen", b"Popen",
                  b".run", b".call", b"check_output", b"from os", b"from subprocess", b"from base64",
                  b"from marshal", b"from zlib", b"from socket", b"from ctypes", b"from requests", b"from urllib",
                  b"\xf0\x9d", b"\xe2\x84", b"\xef\xbc", b"\xef\xbd")
_DYNAMIC = re.compile(
    rb"(?<![.\w])(?:exec|eval)\s*\(|=[ \t]*(?:exec|eval|compile|__import__|getattr)[ \t]*$|"
    rb"__import__|__builtins__|\bbuiltins\b|"
    rb"getattr\(\s*(?:os|subprocess|sys|socket|importlib|ctypes|shutil|\w+\()\s*,|getattr\([^)\n]{0,80}['\"]\s*\+|"
    rb"import_module\([^)\n]*\+|vars\(\)\[|__dict__\[|globals\(\)\[|locals\(\)\[|"
    rb"=[ \t]*(?:os|subprocess)\.(?:system|popen|Popen|run|call|check_output)[ \t]*$|"
    rb"^[ \t]*from[ \t]+(?:os|subprocess|builtins|base64|marshal|zlib|socket|ctypes|requests|urllib[\w.]*)"
    rb"[ \t]+import[^\n]*\bas\b|"
    # look-alike identifier characters NFKC folds to ASCII (mathematical letters, letterlike, fullwidth)
    rb"\xf0\x9d[\x90-\x9f]|\xe2\x84[\x80-\xbf]|\xef\xbc|\xef\xbd", re.M)
# String pieces joined into an endpoint or a command (the view folds them).
_FOLD_LEADS = (b"://", b"webhook", b"powershell", b"cmd.exe", b"/bin/")
_FOLD = re.compile(rb"://[^'\"\n]*['\"][ \t]*\+|(?:webhook|powershell|cmd\.exe|/bin/)[^'\"\n]*['\"][ \t]*\+")


def _any(data: bytes, words: tuple[bytes, ...]) -> bool:
    return any(word in data for word in words)


def level(data: bytes) -> int:
    """FULL (fold literals and normalise), NORMALISE (the normalised view only) or SKIP."""
    if _any(data, _FULL_WORDS) or (_any(data, _INVISIBLE_LEADS) and _INVISIBLE.search(data)) \
            or _LONG_RUN.search(data):
        return FULL
    if (_any(data, _DYNAMIC_LEADS) and _DYNAMIC.search(data)) or (_any(data, _FOLD_LEADS) and _FOLD.search(data)):
        return NORMALISE
    return SKIP
