"""Bound attacker-controlled text before it reaches an error, a reason or a report.

A member name, a requirement line or an index URL can be megabytes long (a tar's GNU
long-name record, a 200 MB line): echoed whole into `error` and `verdict_reason` it
turned a 204 KB archive into a 419 MB report. Every such string goes through bounded().
"""

from __future__ import annotations

LIMIT = 500


def bounded(text: object, limit: int = LIMIT) -> str:
    """`text` (str() of it) cut to at most `limit` characters, with a marker saying how much was cut."""
    text = text if isinstance(text, str) else str(text)
    if len(text) <= limit:
        return text
    marker = f"…[{len(text)} chars, truncated]"
    return text[: max(0, limit - len(marker))] + marker[: limit]


def bounded_repr(value: object, limit: int = LIMIT) -> str:
    """repr(value), bounded: for names quoted in messages (control characters shown escaped).

    Only the first limit*4 characters are repr'd, so a 200 MB name costs no 200 MB copy."""
    if isinstance(value, str) and len(value) > limit * 4:
        return bounded(repr(value[: limit * 4]), limit)
    return bounded(repr(value), limit)


def printable(text: object, limit: int = LIMIT) -> str:
    """`text` as a report may show it: bytes a file name held that are not UTF-8 (kept by
    Python as surrogate escapes, which no UTF-8 report can encode) shown as backslash
    escapes (`caf\\xe9.py`), then bounded."""
    text = text if isinstance(text, str) else str(text)
    if len(text) > limit * 4:
        text = text[: limit * 4] + "…"  # keep the cost of escaping bounded too
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")  # lone surrogates of other origins
    return bounded(text, limit)
