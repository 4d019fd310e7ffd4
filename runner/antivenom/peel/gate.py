"""A cheap text gate in front of peeling a real file: one YARA pass over its bytes.

Peeling costs several times an `ast.parse` (the literal folder and the normaliser walk every
node), and almost no benign file needs it. A file is only parsed when its text names
something a layer or a spelling trick needs: a decoder word beside a sink, a long
encoded-looking run, invisible or look-alike characters (FULL: literal payloads are searched
for and the view built), or dynamic dispatch in the shapes the normalised view undoes
(NORMALISE: the view only). Plain `getattr(obj, name)`, `model.eval()`, `import builtins` or
`re.compile` do not open the gate.

Every word and shape below is one string of one generated YARA ruleset (Aho-Corasick over
the literals; fast mode: the first hit of a string is enough), so a file costs one pass
however many words there are; the match names the groups the file holds. Two checks stay in
Python, each run only where YARA already found its lead: a sink word must stand alone (`exec`
is no sink inside `execute`, nor `system` inside `filesystem`), and a long encoded-looking run
is found by one C-speed translate. In a file over 32 KB a decoder word counts only within
1 KB of a confirmed sink. A YARA error (a timeout) opens the gate: the file is peeled in full.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

import yara

from .normalise import DANGEROUS_MODULES

SKIP, NORMALISE, FULL = 0, 1, 2

# Character arithmetic (chr codes, reversal, translation tables, xor): what literals.py folds.
_FOLDING_WORDS = (b"chr(", b"chr,", b"chr)", b"[::-1]", b"maketrans", b"rot13", b"rot_13", b"xor")
# Decoders, ciphers and assembly tricks: a payload hidden in a literal needs one, and a sink that
# runs or drops what it decodes. (`pickle`, `decompress` or `AES` alone are everyday benign code.)
_FULL_WORDS = (b"b64decode", b"b32decode", b"b16decode", b"b85decode", b"a85decode", b"decodebytes",
               b"decodestring", b"fromhex", b"unhexlify", b"decompress", b"marshal", b"Fernet", b"AES",
               b"codecs.decode", *_FOLDING_WORDS)
_SINKS = (b"exec", b"eval", b"compile(", b"system", b"popen", b"Popen", b"subprocess", b"run_path", b"__import__",
          b"write")
# What confirms a sink word: the builtin or call itself, not a longer word or a method of the same
# name (`cursor.execute`, `evaluate`, `re.compile(`, `filesystem`, `platform.system()`).
_SINK_CONFIRMED = re.compile(rb"(?<![\w.])(?:exec|eval)\b|(?<![\w.])compile\(|(?<!platform\.)(?<!\w)system\b|"
                             rb"popen|Popen|subprocess|run_path|__import__|write")
# In a large file (generated clients, test suites) a decoder word and a `write` a hundred
# kilobytes apart are two unrelated functions: there the word must sit near a sink. Measured on
# every malregistry-dev Python file: no payload layer is lost (a long encoded run, which a real
# payload has, opens the gate on its own); on 100 benign archives it spares 37 of 90 such files.
_SMALL_FILE = 32 * 1024
_NEAR = 1000  # bytes between a decoder word and a sink (about 25 lines)
# An endpoint spelled by character arithmetic beside a network send is a hidden destination
# (literals.py folds it, YARA's decoded_endpoint reads it); base64/hex endpoints YARA reads raw.
_SENDS = (b"urlopen", b"Request(", b"requests.", b"httpx.", b"socket")
# Invisible carriers in UTF-8, as runs (hidden.py wants 12 in a row; one selector follows any
# emoji, a few tags make a flag): tag characters and variation selectors, private-use points,
# zero-width characters.
_INVISIBLE = (r"/(\xf3\xa0[\x80-\x87][\x80-\xbf]|\xef\xb8[\x80-\x8f]){8}/",
              r"/(\xee[\x80-\xbf][\x80-\xbf]|\xef[\x80-\xa3][\x80-\xbf]){8}/",
              r"/(\xe2\x80[\x8b-\x8d]|\xe2\x81\xa0){8}/")
# A long run of one encoding's alphabet (base64/base32/base85-ish, or hex): the bytes mapped to
# "A" (alphabet) or "." (anything else) by one C-speed translate, then a plain substring search.
_ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-"
_RUN_TABLE = bytes(ord("A") if byte in _ALPHABET else ord(".") for byte in range(256))
_LONG_RUN = b"A" * 160
# Dynamic dispatch in the shapes the normalised view undoes: names that always mean it, and YARA
# regexes for the rest (`$` is the end of the data in YARA, so each line-end shape is also
# written with an explicit line break).
_DYNAMIC_WORDS = (b"__import__", b"__builtins__")
# `x.__dict__[...]` re-spells only on a module the view knows, or a short alias of one (not
# `self.__dict__[key]`); `globals()[...]` only when read, not assigned to.
_MODULES = "|".join(sorted({*DANGEROUS_MODULES, "builtins", "__builtin__"}))
_EOL = (r"[ \t]*[\r\n]", r"[ \t]*$")
_DYNAMIC_SHAPES = (
    r"/[^.\w](exec|eval)\s*\(/", r"/^(exec|eval)\s*\(/",  # a call the view may re-spell
    *(rf"/=[ \t]*(exec|eval|compile|getattr){end}/" for end in _EOL),  # `_run = exec`
    *(rf"/=[ \t]*(os|subprocess)\.(system|popen|Popen|run|call|check_output){end}/" for end in _EOL),
    r"/(getattr|vars)\(\s*(builtins|__builtin__)\b/", r"/(builtins|__builtin__)\s*\.\s*__dict__/",
    rf"/(^|[^.\w])({_MODULES}|\w\w?)\s*\.\s*__dict__\s*\[/",
    r"/(globals|locals|vars)\(\)\[[^\]\n]{0,200}\]\s*[^=\s]/",
    r"/getattr\(\s*(os|subprocess|sys|socket|importlib|ctypes|shutil|\w+\()\s*,/",
    r"/getattr\([^)]{0,80}['\x22]\s*\+/",
    r"/import_module\([^)]{0,1000}\+/",
    r"/from[ \t]+(os|subprocess|builtins|base64|marshal|zlib|socket|ctypes|requests|urllib[\w.]*)[ \t]+"
    r"import[^\n]{0,1000}\bas\b/",
    # string pieces joined into an endpoint or a command (the view folds them)
    r"/(:\/\/|webhook|powershell|cmd\.exe|\/bin\/)[^'\x22\n]{0,1000}['\x22][ \t]*\+/",
    # look-alike identifier characters NFKC folds to ASCII (mathematical letters, letterlike, fullwidth
    # digits, letters and underscore; not the full-width punctuation of CJK prose)
    r"/\xf0\x9d[\x90-\x9f]/", r"/\xe2\x84[\x80-\xbf]/", r"/\xef\xbc[\x90-\x99\xa1-\xba\xbf]/",
    r"/\xef\xbd[\x81-\x9a]/",
)
# A builtins module under another name re-spells only where it is reflected on.
_BUILTINS_ALIAS = (r"/import[ \t]+(builtins|__builtin__)[ \t]+as\b/",
                   *(rf"/=[ \t]*(builtins|__builtin__){end}/" for end in _EOL))
# (Each regex starts with a literal, which Python's engine skips to: the file is not walked per byte.)
_ALIAS_IMPORT = re.compile(rb"import[ \t]+(?:builtins|__builtin__)[ \t]+as[ \t]+(\w+)")
_ALIAS_ASSIGN = re.compile(rb"=[ \t]*(?:builtins|__builtin__)[ \t]*$", re.M)
_ASSIGNED_NAME = re.compile(rb"(\w+)[ \t]*$")


def _reflected_alias(data: bytes) -> bool:
    """`getattr(_b, ...)`, `vars(_b)` or `_b.__dict__` on a name the builtins module was bound to."""
    names = {m.group(1) for m in _ALIAS_IMPORT.finditer(data)}
    for m in _ALIAS_ASSIGN.finditer(data):
        line_start = data.rfind(b"\n", 0, m.start()) + 1
        name = _ASSIGNED_NAME.search(data, line_start, m.start())
        if name:
            names.add(name.group(1))
    for name in names:
        word = re.escape(name)
        if re.search(rb"getattr\(\s*" + word + rb"\b", data) or re.search(rb"vars\(\s*" + word + rb"\b", data) \
                or re.search(word + rb"\s*\.\s*__dict__", data):
            return True
    return False


# A string literal of spaces and tabs only: eight of them a byte (transforms.whitespace_bits).
# (Written around a space-tab pair: a run of one character is indentation, and an atom of it slow.)
_WHITESPACE_LITERAL = r"/['\x22]\n?[ \t]{0,7}( \t|\t )[ \t]{56}/"


def _literal(word: bytes) -> str:
    return "{ " + " ".join(f"{byte:02X}" for byte in word) + " }"


@functools.cache
def _ruleset() -> yara.Rules:
    """One YARA rule per group; a file's matches name the groups it holds."""
    groups = {"full": [_literal(w) for w in _FULL_WORDS], "folding": [_literal(w) for w in _FOLDING_WORDS],
              "sinks": [_literal(w) for w in _SINKS], "sends": [_literal(w) for w in _SENDS],
              "invisible": list(_INVISIBLE), "whitespace_literal": [_WHITESPACE_LITERAL],
              "builtins_alias": list(_BUILTINS_ALIAS),
              "dynamic": [*(_literal(w) for w in _DYNAMIC_WORDS), *_DYNAMIC_SHAPES]}
    source = "\n".join(f"rule {name} {{ strings: {' '.join(f'$s{i} = {s}' for i, s in enumerate(strings))} "
                       f"condition: any of them }}" for name, strings in groups.items())
    return yara.compile(source=source)


def _offsets(data: bytes, words: tuple[bytes, ...]) -> list[int]:
    """Every offset of any of `words` (a C-speed find per word: an alternation regex would try every byte)."""
    found = []
    for word in words:
        at = data.find(word)
        while at != -1:
            found.append(at)
            at = data.find(word, at + 1)
    return sorted(found)


def _decoder_beside_sink(data: bytes) -> bool:
    """A decoder word and a confirmed sink in one file; in a large file, within `_NEAR` bytes."""
    if len(data) <= _SMALL_FILE:
        return _SINK_CONFIRMED.search(data) is not None
    sinks = [at for at in _offsets(data, _SINKS) if _SINK_CONFIRMED.match(data, at)]
    for word in _offsets(data, _FULL_WORDS):
        index = bisect.bisect_left(sinks, word - _NEAR)
        if index < len(sinks) and sinks[index] <= word + _NEAR:
            return True
    return False


def _groups(data: bytes) -> set[str] | None:
    try:
        return {match.rule for match in _ruleset().match(data=data, fast=True, timeout=20)}
    except yara.Error:
        return None


@dataclass(frozen=True)
class Assessment:
    fold: bool  # literal payloads to look for: fold and decode the file's literals
    view: bool  # spellings the normalised view undoes: build it


def assess(data: bytes) -> Assessment:
    """What peeling a real file is worth: folding its literals, its normalised view, both or neither."""
    found = _groups(data)
    if found is None:
        return Assessment(True, True)
    fold = bool(("full" in found and "sinks" in found and _decoder_beside_sink(data))
                or ("folding" in found and "sends" in found) or "invisible" in found
                or "whitespace_literal" in found or _LONG_RUN in data.translate(_RUN_TABLE))
    view = "dynamic" in found or ("builtins_alias" in found and _reflected_alias(data))
    return Assessment(fold, view)


def level(data: bytes) -> int:
    """FULL (fold literals, and normalise), NORMALISE (the normalised view only) or SKIP."""
    worth = assess(data)
    return FULL if worth.fold else NORMALISE if worth.view else SKIP
