"""Code hidden in characters nobody sees: Unicode tag characters, variation selectors and
private-use code points, one per byte. Runs of them anywhere in a file (a string, a comment,
after an identifier) are decoded back to bytes."""

from __future__ import annotations

import re
from collections.abc import Iterator

# A run must be this long: flag emoji use up to ~6 tag characters, emoji one selector each.
MIN_RUN = 12

_TAGS = re.compile("[\U000e0000-\U000e007f]{" + str(MIN_RUN) + ",}")
_SELECTORS = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef]{" + str(MIN_RUN) + ",}")
_PRIVATE = re.compile("[\ue000-\uf8ff]{" + str(MIN_RUN) + ",}")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060]{" + str(8 * MIN_RUN) + ",}")


def _selector_byte(ch: str) -> int:
    cp = ord(ch)
    return cp - 0xFE00 if cp <= 0xFE0F else cp - 0xE0100 + 16


_ANY = re.compile("[\U000e0000-\U000e01ef\ufe00-\ufe0f\ue000-\uf8ff\u200b-\u200d\u2060]")


def invisible_runs(text: str) -> Iterator[tuple[int, str, bytes]]:
    """(offset, encoding name, decoded bytes) for every run of invisible characters."""
    if text.isascii() or _ANY.search(text) is None:
        return  # the common case, decided in one pass
    for match in _TAGS.finditer(text):
        yield match.start(), "unicode-tags", bytes(ord(ch) - 0xE0000 for ch in match.group())
    for match in _SELECTORS.finditer(text):
        yield match.start(), "variation-selectors", bytes(_selector_byte(ch) for ch in match.group())
    for match in _PRIVATE.finditer(text):
        run = match.group()
        if all(ord(ch) - 0xE000 < 256 for ch in run):
            yield match.start(), "private-use", bytes(ord(ch) - 0xE000 for ch in run)
        else:  # private-use points as 16-bit words: two bytes each
            yield match.start(), "private-use-16", b"".join((ord(ch) - 0xE000).to_bytes(2, "big") for ch in run)
    for match in _ZERO_WIDTH.finditer(text):
        bits = "".join("1" if ch in "\u200c\u2060" else "0" for ch in match.group())
        usable = len(bits) - len(bits) % 8
        yield match.start(), "zero-width-bits", int(bits[:usable], 2).to_bytes(usable // 8, "big")
