"""rules/yara/unicode/unicode.yar: code hidden in invisible Unicode, and look-alike identifiers."""

from __future__ import annotations

import pytest
from yara_builders import params

HIDDEN = "print('defanged')"


def _tags(text: str) -> str:
    return "".join(chr(0xE0000 + ord(c)) for c in text)


def _selectors(data: bytes) -> str:
    return "".join(chr(0xFE00 + b) if b < 16 else chr(0xE0100 + b - 16) for b in data)


TAG_EXEC = f"s = 'ok{_tags(HIDDEN)}'\nexec(''.join(chr(ord(c) - 0xE0000) for c in s[2:]))\n"
VS_EVAL = (f"k = '\u2764{_selectors(HIDDEN.encode())}'\n"
           "eval(bytes((ord(c) - 0xFE00) if ord(c) < 0xFE10 else (ord(c) - 0xE0100 + 16) for c in k[1:]))\n")
LOOKALIKE = "\u212f\U0001d4cd\u212f\U0001d4b8('print(1)')\n"
FLAG = "flag = '\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f'\nprint(flag)\n"
EMOJI = "hearts = '" + "\u2764\ufe0f " * 20 + "'\nexec('print(1)')\nprint(ord('a'))\n"

POSITIVE = {
    "invisible_unicode_payload": [("tags-exec", lambda: TAG_EXEC), ("selectors-eval", lambda: VS_EVAL)],
    "invisible_unicode_run": [("tags-run", lambda: f"doc = '{_tags('x' * 40)}'\n"),
                              ("selectors-run", lambda: f"doc = '{_selectors(bytes(range(40)))}'\n")],
    "lookalike_identifier_call": [("script-exec", lambda: LOOKALIKE),
                                  ("bold-eval", lambda: "\U0001d41e\U0001d42f\U0001d41a\U0001d425('1')\n")],
}

BENIGN = {
    "invisible_unicode_payload": [("flag-emoji", lambda: FLAG + "exec('x=1')\nord('a')\n"),
                                  ("emoji-with-selectors", lambda: EMOJI),
                                  ("tags-without-exec", lambda: f"s = '{_tags(HIDDEN)}'\n")],
    "invisible_unicode_run": [("flag-emoji", lambda: FLAG), ("emoji-with-selectors", lambda: EMOJI)],
    "lookalike_identifier_call": [("single-math-letter", lambda: "\U0001d453 = lambda x: x\nprint(\U0001d453(2))\n"),
                                  ("accented-name", lambda: "def caf\u00e9(): pass\ncaf\u00e9()\n")],
}


@pytest.mark.parametrize(("rule", "build"), params(POSITIVE))
def test_fires(fired, rule, build):
    assert rule in fired(build())


@pytest.mark.parametrize(("rule", "build"), params(BENIGN))
def test_quiet(fired, rule, build):
    assert rule not in fired(build())
