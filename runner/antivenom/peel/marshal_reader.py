"""A bounded reader of the marshal format that lists a code object's names and constants.

`marshal.loads` is never called: on untrusted bytes it can crash the interpreter, its format
changes between Python versions, and the code object it returns is one step from running.
This reader walks the bytes itself, keeps only strings (constants, names, code object names),
and stops at a depth, object-count or size limit. Code-object layouts of CPython 3.7 to 3.14
are tried newest first; the first that reads the whole object cleanly wins.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

FLAG_REF = 0x80
_MAX_DEPTH = 64
_MAX_OBJECTS = 200_000


class MarshalError(ValueError):
    """The bytes are not a marshal stream this reader understands (or hit a limit)."""


@dataclass
class CodeListing:
    """What a marshalled code object would name and hold, read without building it."""

    code_names: list[str] = field(default_factory=list)  # co_name of every code object, outermost first
    names: list[str] = field(default_factory=list)  # co_names: globals, attributes, imported modules
    constants: list[str | bytes] = field(default_factory=list)  # string and bytes constants
    layout: str = ""

    def render(self) -> str:
        """A Python module that names what the code holds (it parses; it does nothing)."""
        lines = [f"# peel: names and constants of marshalled code ({self.layout}); read, never executed",
                 f"__peel_code_names__ = {tuple(dict.fromkeys(self.code_names))!r}",
                 f"__peel_names__ = {tuple(dict.fromkeys(self.names))!r}"]
        lines += [f"__peel_const__ = {c!r}" for c in dict.fromkeys(self.constants)]
        return "\n".join(lines) + "\n"


# Field lists after the leading int32 counts, per layout: (name of layout, number of int32
# before co_code, object fields in order). "code" is the bytecode, skipped; the rest are read.
_LAYOUTS = (
    ("3.11+", 5, ("code", "consts", "names", "localsplusnames", "localspluskinds", "filename", "name",
                  "qualname", "firstlineno:i", "linetable", "exceptiontable")),
    ("3.8-3.10", 6, ("code", "consts", "names", "varnames", "freevars", "cellvars", "filename", "name",
                     "firstlineno:i", "lnotab")),
    ("3.7", 5, ("code", "consts", "names", "varnames", "freevars", "cellvars", "filename", "name",
                "firstlineno:i", "lnotab")),
)


class _Reader:
    def __init__(self, data: bytes, layout: tuple, max_objects: int) -> None:
        self.data = data
        self.pos = 0
        self.refs: list[object] = []
        self.layout = layout
        self.objects = 0
        self.max_objects = max_objects
        self.listing = CodeListing(layout=layout[0])

    def _take(self, n: int) -> bytes:
        if n < 0 or self.pos + n > len(self.data):
            raise MarshalError("truncated")
        chunk = self.data[self.pos:self.pos + n]
        self.pos += n
        return chunk

    def _i32(self) -> int:
        return struct.unpack("<i", self._take(4))[0]

    def _count(self) -> int:
        n = self._i32()
        if n < 0 or n > len(self.data):
            raise MarshalError("implausible length")
        return n

    def read(self, depth: int = 0, role: str = "") -> object:
        if depth > _MAX_DEPTH:
            raise MarshalError("nested too deeply")
        self.objects += 1
        if self.objects > self.max_objects:
            raise MarshalError("too many objects")
        code = self._take(1)[0]
        flag, kind = code & FLAG_REF, chr(code & ~FLAG_REF)
        slot = None
        if flag:
            slot = len(self.refs)
            self.refs.append(None)
        value = self._value(kind, depth, role)
        if slot is not None:
            self.refs[slot] = value
        return value

    def _value(self, kind: str, depth: int, role: str) -> object:
        if kind in "0NFTS.":
            return None
        if kind == "i":
            return self._i32()
        if kind == "I":
            return struct.unpack("<q", self._take(8))[0]
        if kind == "g":
            self._take(8)
            return None
        if kind == "y":
            self._take(16)
            return None
        if kind in "fx":
            for _ in range(2 if kind == "x" else 1):
                self._take(self._take(1)[0])
            return None
        if kind == "l":
            n = self._i32()
            self._take(2 * min(abs(n), len(self.data)))
            return None
        if kind in "stuaA":
            raw = self._take(self._count())
            return self._keep(raw if kind == "s" else raw.decode("utf-8", "surrogatepass"), role)
        if kind in "zZ":
            return self._keep(self._take(self._take(1)[0]).decode("latin-1"), role)
        if kind == "r":
            index = self._i32()
            if not 0 <= index < len(self.refs):
                raise MarshalError("bad reference")
            value = self.refs[index]
            if isinstance(value, (str, bytes)):
                self._keep(value, role)
            return value
        if kind in "([<>)":
            n = self._take(1)[0] if kind == ")" else self._count()
            return tuple(self.read(depth + 1, role) for _ in range(n))
        if kind == "{":
            while self.data[self.pos:self.pos + 1] not in (b"0", b""):
                self.read(depth + 1, role)
                self.read(depth + 1, role)
            self._take(1)
            return None
        if kind == ":":
            return tuple(self.read(depth + 1, role) for _ in range(3))
        if kind == "c":
            return self._code(depth)
        raise MarshalError(f"unknown type code {kind!r}")

    def _keep(self, value: str | bytes, role: str) -> str | bytes:
        if role == "consts":
            self.listing.constants.append(value)
        elif role == "names" and isinstance(value, str):
            self.listing.names.append(value)
        elif role == "name" and isinstance(value, str):
            self.listing.code_names.append(value)
        return value

    def _code(self, depth: int) -> object:
        _, ints, fields = self.layout
        for _ in range(ints):
            self._i32()
        for name in fields:
            if name.endswith(":i"):
                self._i32()
            else:
                role = name if name in ("consts", "names", "name") else ""
                self.read(depth + 1, role)
        return None


def read_code(data: bytes, max_objects: int = _MAX_OBJECTS) -> CodeListing:
    """Names and string constants of the marshalled code object in `data`, or MarshalError."""
    if not data or data[0] & ~FLAG_REF != ord("c"):
        raise MarshalError("not a marshalled code object")
    errors = []
    for layout in _LAYOUTS:
        reader = _Reader(data, layout, max_objects)
        try:
            reader.read()
        except (MarshalError, UnicodeDecodeError, RecursionError) as exc:
            errors.append(f"{layout[0]}: {exc}")
            continue
        if reader.pos == len(data) and (reader.listing.code_names or reader.listing.names):
            return reader.listing
        errors.append(f"{layout[0]}: {len(data) - reader.pos} trailing bytes")
    raise MarshalError("; ".join(errors))
