"""The imports a pickle would perform, read from its opcodes (never `pickle.load`).

A pickle runs code by importing a callable (GLOBAL / STACK_GLOBAL / INST) and calling it
(REDUCE). `pickletools.genops` only disassembles, so walking it under an opcode cap is safe;
STACK_GLOBAL's module and name are the last two strings pushed (directly or from the memo).
"""

from __future__ import annotations

import pickletools
from dataclasses import dataclass

MAX_OPCODES = 2_000_000

# Modules whose callables have no business in a model or data file.
DANGEROUS_MODULES = {"os", "posix", "nt", "subprocess", "pty", "socket", "commands", "runpy", "shutil",
                     "webbrowser", "ctypes", "importlib", "code", "codeop", "marshal", "sys", "requests",
                     "urllib.request", "http.client", "asyncio.subprocess", "platform"}
DANGEROUS_BUILTINS = {"exec", "eval", "compile", "__import__", "getattr", "open", "execfile", "input", "setattr",
                      "delattr", "globals", "vars", "breakpoint", "apply"}
_STRING_OPS = {"SHORT_BINUNICODE", "BINUNICODE", "BINUNICODE8", "UNICODE", "SHORT_BINSTRING", "BINSTRING", "STRING"}


@dataclass(frozen=True)
class PickleGlobal:
    module: str
    name: str
    offset: int

    @property
    def dangerous(self) -> bool:
        if self.module in ("builtins", "__builtin__"):
            return self.name in DANGEROUS_BUILTINS
        return self.module in DANGEROUS_MODULES or self.module.split(".")[0] in {"os", "subprocess", "pty", "socket"}


def looks_like_pickle(data: bytes) -> bool:
    return len(data) > 2 and ((data[0] == 0x80 and 2 <= data[1] <= 5) or data[:1] in (b"c", b"("))


def pickle_globals(data: bytes, max_opcodes: int = MAX_OPCODES) -> tuple[list[PickleGlobal], str | None]:
    """Every (module, name) the pickle imports, and the reason reading stopped early (or None)."""
    found: list[PickleGlobal] = []
    strings: list[str] = []
    memo: dict[int, object] = {}
    count = 0
    try:
        for opcode, arg, pos in pickletools.genops(data):
            count += 1
            if count > max_opcodes:
                return found, f"more than {max_opcodes} opcodes; the rest was not read"
            name = opcode.name
            if name in _STRING_OPS:
                value = arg.decode("latin-1") if isinstance(arg, bytes) else str(arg)
                strings.append(value)
            elif name in ("GLOBAL", "INST") and isinstance(arg, str):
                module, _, attr = arg.partition(" ")
                found.append(PickleGlobal(module, attr, pos or 0))
            elif name == "STACK_GLOBAL" and len(strings) >= 2:
                found.append(PickleGlobal(strings[-2], strings[-1], pos or 0))
            elif name == "MEMOIZE" and strings:
                memo[len(memo)] = strings[-1]
            elif name in ("PUT", "BINPUT", "LONG_BINPUT") and strings:
                memo[int(arg)] = strings[-1]
            elif name in ("GET", "BINGET", "LONG_BINGET") and isinstance(memo.get(int(arg)), str):
                strings.append(memo[int(arg)])  # type: ignore[arg-type]
            elif name == "STOP":
                break
    except (ValueError, KeyError, TypeError, IndexError, UnicodeDecodeError) as exc:
        return found, f"pickle opcodes unreadable past this point: {exc}"
    return found, None
