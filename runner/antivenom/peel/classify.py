"""What a decoded result is: Python worth scanning, readable text, a known binary, or noise."""

from __future__ import annotations

import ast

from ..astwalk import parse, walk
from .caps import Budget

# Magic bytes of binaries worth handing to YARA / the nested-archive reader.
BINARY_MAGICS: tuple[tuple[bytes, str], ...] = (
    (b"MZ", "pe"),
    (b"\x7fELF", "elf"),
    (b"\xcf\xfa\xed\xfe", "macho"),
    (b"\xce\xfa\xed\xfe", "macho"),
    (b"\xca\xfe\xba\xbe", "macho-fat"),
    (b"PK\x03\x04", "zip"),
    (b"\x89PNG", "png"),
    (b"\x80\x02", "pickle"),
    (b"\x80\x03", "pickle"),
    (b"\x80\x04", "pickle"),
    (b"\x80\x05", "pickle"),
)

# A parse that yields only these is a word or a number, not a program.
_SUBSTANTIVE = (ast.Call, ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef,
                ast.Assign, ast.AugAssign, ast.For, ast.While, ast.With, ast.Try, ast.If)


def as_text(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def is_python(data: bytes, budget: Budget) -> bool:
    """Parses as Python (never run) and does something: a call, an import, an assignment, a block."""
    if len(data) < 8 or b"\x00" in data:
        return False
    text = as_text(data)
    if text is None:
        return False
    budget.spend(len(data))
    tree, _ = parse(text)
    return tree is not None and any(isinstance(node, _SUBSTANTIVE) for node in walk(tree))


def binary_kind(data: bytes) -> str | None:
    for magic, kind in BINARY_MAGICS:
        if data.startswith(magic):
            if kind == "pe" and len(data) < 64:
                return None
            return kind
    return None


def printable_share(data: bytes) -> float:
    if not data:
        return 0.0
    text = as_text(data)
    if text is None:
        return 0.0
    good = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
    return good / len(text)


def is_readable_text(data: bytes) -> bool:
    return len(data) >= 16 and printable_share(data[:4096]) >= 0.97
