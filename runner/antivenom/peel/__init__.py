"""Peel: decode the layers a package hides its code under, without running any of it.

Public API
----------
``peel_file(rel_path: str, data: bytes, caps: PeelCaps | None = None, *, normalise: bool = True) -> PeelResult``
    Peel one file of a package. ``rel_path`` is its path relative to the package root (it
    names the derived files); ``data`` its bytes. Returns every derived file found beneath it
    and every place a cap stopped the work.

``PeelResult(derived: list[Derived], skipped: list[tuple[str, str]])``
    ``skipped`` holds ``(path, reason)``: the file (real or derived) and why peeling stopped
    there (a cap: depth, decoded bytes, work, wall clock, archive members).

``Derived(name, data, origin_path, origin_line, chain, depth, kind, parent, steps)``
    One decoded layer. ``name`` is ``setup.py::peel/1`` (a decoded payload),
    ``setup.py::normalised`` (the normalised spelling of a file, same line numbers),
    ``payload.zip::inner/mod.py`` (a member of a nested archive) or a combination
    (``setup.py::peel/1::normalised``). ``origin_path``/``origin_line`` are the real file and
    line the outermost encoded literal sits on; ``chain`` every transform applied, outermost
    first, across layers (``["concat", "base64", "zlib", "python", "base64", "python"]``);
    ``depth`` 1 for a layer found in a real file, +1 per layer below; ``kind`` is ``python``
    (scan it as Python), ``text``, ``binary`` (YARA only), ``marshal-listing`` (the names and
    constants of a marshalled code object, rendered as a Python module that parses) or
    ``normalised``; ``parent`` is the file the layer was found in; ``steps`` the same chain split
    per layer as ``Step(path, line, transforms)``, and ``decoded_from()`` returns it as dicts for
    a finding's ``decoded_from`` field.

``PeelCaps`` (caps.py): ``max_depth=5``, ``max_decoded_bytes=10 MB``, ``max_work`` (counted
units, deterministic), ``max_wall_seconds`` (a generous backstop), and smaller limits.

Also exported: ``normalised_view`` (normalise.py), ``archive_members`` (nested.py),
``pickle_globals`` (pickles.py), ``read_code`` (marshal_reader.py).

Safety: bytes are decoded, decompressed and decrypted; nothing is executed, imported,
unpickled or unmarshalled (`marshal_reader` walks the format itself).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from .caps import Budget, CapExceeded, PeelCaps
from .classify import as_text, binary_kind, is_python
from .crypto import aes_decrypt, fernet_decrypt
from .gate import Assessment
from .gate import assess as gate_assess
from .hidden import invisible_runs
from .literals import Candidate, Folder, parse, regex_candidates, source_hints
from .marshal_reader import MarshalError, read_code
from .nested import archive_kind, archive_members
from .normalise import assembles_strings, normalised_view
from .pickles import pickle_globals
from .transforms import Hints, base_decoders, decompressors, has_signal, text_tricks, xor_decoders

__all__ = ["Derived", "PeelCaps", "PeelResult", "Step", "archive_members", "normalised_view", "peel_file",
           "pickle_globals", "read_code"]

PYTHON_SUFFIXES = (".py", ".pyw", ".pyi", ".pth")
_PYC_MAGIC_TAIL = b"\r\n"


@dataclass(frozen=True)
class Step:
    path: str  # the file (real or derived) holding the encoded data
    line: int | None
    transforms: tuple[str, ...]

    def to_dict(self) -> dict:
        return {"path": self.path, "line": self.line, "transforms": list(self.transforms)}


@dataclass
class Derived:
    name: str
    data: bytes
    origin_path: str
    origin_line: int | None
    chain: list[str]
    depth: int
    kind: str = "python"
    parent: str = ""
    steps: list[Step] = field(default_factory=list)

    def decoded_from(self) -> list[dict]:
        return [s.to_dict() for s in self.steps]


@dataclass
class PeelResult:
    derived: list[Derived] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def is_python_path(rel_path: str, data: bytes) -> bool:
    return rel_path.endswith(PYTHON_SUFFIXES) or (data.startswith(b"#!") and b"python" in data[:200])


def _code_shaped(value: bytes) -> bool:
    """Cheap test before a parse: plain code in a string has a call and a statement break or import."""
    return b"(" in value and (b"\n" in value or b";" in value or b"import" in value)


# Folding steps that decode, not just assemble (see literals.py); `chr-list-sub:3` and the
# like (a shifted or XORed code list, a Caesar shift over a string) by their prefix.
_DECODED_BY_FOLDING = frozenset({"fromhex", "chr", "chr-list", "bytes-list", "int-list"})
_ENDPOINT = re.compile(rb"(?:https?|wss?|ftp)://[\w.-]+(?::\d+)?(?:/\S*)?")


def _decoded_by_folding(steps: list[str]) -> bool:
    return any(step in _DECODED_BY_FOLDING or step.startswith("chr-list") for step in steps)


class _Peeler:
    def __init__(self, origin: str, caps: PeelCaps, normalise: bool) -> None:
        self.origin = origin
        self.caps = caps
        self.budget = Budget(caps)
        self.normalise = normalise
        self.result = PeelResult()
        self.seen: set[bytes] = set()
        self.count = 0
        self.gated = False

    # -- one layer: a real file or a decoded one ---------------------------------

    def layer(self, path: str, data: bytes, depth: int, steps: list[Step], python: bool, gated: bool = False) -> None:
        """Peel one layer; `gated` (a file of the package, not a decoded layer) first asks the cheap text gate."""
        worth = gate_assess(data) if gated else Assessment(fold=True, view=True)
        if not (worth.fold or worth.view):
            return
        text = as_text(data)
        if text is None:
            return
        candidates: list[Candidate] = []
        words = source_hints(text)
        tree = parse(text) if python and len(data) <= self.caps.max_parse_bytes else None
        if tree is not None:
            if worth.fold:
                candidates = Folder(self.budget, self.caps.min_candidate_chars, self.caps.max_key_candidates,
                                    words).run(tree)
            # the gate's shapes are what a view undoes; a file with payloads may also assemble strings
            if self.normalise and (worth.view or (worth.fold and assembles_strings(text))):
                view = normalised_view(text, tree, self.budget)
                if view is not None:
                    self._emit(f"{path}::normalised", view.encode("utf-8", "surrogatepass"), path, None, [],
                               steps, depth, "normalised", keep_depth=True)
        elif worth.fold:
            candidates = regex_candidates(text, self.caps.min_candidate_chars, words, self.budget)
        for offset, encoding, decoded in invisible_runs(text):
            line = text.count("\n", 0, offset) + 1
            candidates.append(Candidate(decoded, line, [encoding], Hints(frozenset(words)), pre_decoded=True))
        for candidate in candidates:
            self._candidate(path, candidate, depth, steps)

    def _candidate(self, path: str, cand: Candidate, depth: int, steps: list[Step]) -> None:
        digest = hashlib.blake2b(cand.value, digest_size=16).digest()
        if digest in self.seen:
            return
        self.seen.add(digest)
        decoded = _decoded_by_folding(cand.steps)
        if (cand.pre_decoded or (cand.exec_context and _code_shaped(cand.value) and is_python(cand.value, self.budget))
                or (cand.exec_context and decoded)
                or (decoded and _ENDPOINT.fullmatch(cand.value.strip()))):
            # (a value the folder already decoded - hex, chr codes, byte lists - and handed to a sink is
            # a layer itself: a shell command kept only if it names code, a command or an endpoint;
            # so is an endpoint decoded that way anywhere: the YARA pack reads it as a hidden one)
            self._result(path, cand, cand.value, list(cand.steps) or ["literal"], depth, steps)
        for transforms, out in self._decode(cand.value, cand.hints, self.caps.max_transforms_per_layer, []):
            self._result(path, cand, out, [*cand.steps, *transforms], depth, steps)

    def _decode(self, data: bytes, hints: Hints, left: int, done: list[str]):
        """Depth-first over one-step decoders; yields (transforms, output) for every useful end."""
        if left <= 0:
            return
        for name, out in self._one_step(data, hints, done):
            digest = hashlib.blake2b(out, digest_size=16).digest()
            if digest in self.seen or not out:
                continue
            self.seen.add(digest)
            self.budget.produce(len(out))
            chain = [*done, name]
            if name == "marshal" or is_python(out, self.budget) or binary_kind(out):
                yield chain, out
                if name == "marshal" or binary_kind(out) != "zip":
                    continue
            deeper = list(self._decode(out, hints, left - 1, chain))
            yield from deeper
            if not deeper and has_signal(out):
                yield chain, out

    def _one_step(self, data: bytes, hints: Hints, done: list[str]):
        yield from base_decoders(data, hints, self.budget)
        yield from decompressors(data, self.budget)
        yield from fernet_decrypt(data, hints, self.budget)
        yield from aes_decrypt(data, hints, self.budget)
        yield from text_tricks(data, hints, self.budget, done)
        yield from xor_decoders(data, hints, self.budget, done)
        if data[:1] in (b"\xe3", b"c"):
            try:
                listing = read_code(data)
            except MarshalError:
                return
            self.budget.spend(len(data))
            yield "marshal", listing.render().encode("utf-8", "surrogatepass")
            for const in listing.constants:
                value = const.encode("utf-8", "surrogatepass") if isinstance(const, str) else const
                if len(value) >= self.caps.min_candidate_chars:
                    yield "marshal-const", value

    # -- results -----------------------------------------------------------------

    def _result(self, path: str, cand: Candidate, out: bytes, transforms: list[str], depth: int,
                steps: list[Step]) -> None:
        if transforms and transforms[-1] == "marshal":
            kind = "marshal-listing"
        elif is_python(out, self.budget):
            kind = "python"
        elif binary_kind(out):
            kind = "binary"
        elif has_signal(out):
            kind = "text"
        else:
            return
        self._emit(f"{self.origin}::peel/{self.count + 1}", out, path, cand.line, transforms, steps, depth, kind)

    def _emit(self, name: str, out: bytes, parent: str, line: int | None, transforms: list[str],
              steps: list[Step], depth: int, kind: str, keep_depth: bool = False) -> None:
        new_depth = depth if keep_depth else depth + 1
        if new_depth > self.caps.max_depth:
            self.result.skipped.append((parent, f"depth cap {self.caps.max_depth} reached: a further layer "
                                                f"({'+'.join(transforms)}) was not decoded"))
            return
        if len(self.result.derived) >= self.caps.max_derived:
            raise CapExceeded(f"more than {self.caps.max_derived} derived files")
        if not keep_depth:
            self.count += 1
        chain_steps = [*steps, Step(parent, line, tuple(transforms))] if transforms else list(steps)
        origin_line = chain_steps[0].line if chain_steps else line
        derived = Derived(name, out, self.origin, origin_line, [t for s in chain_steps for t in s.transforms],
                          max(new_depth, 1), kind, parent, chain_steps)
        self.result.derived.append(derived)
        if kind == "python":
            self.layer(name, out, new_depth, chain_steps, python=True)
        elif kind == "binary" and binary_kind(out) == "zip":
            self.archive(name, out, new_depth, chain_steps)

    def archive(self, path: str, data: bytes, depth: int, steps: list[Step]) -> None:
        members, skipped = archive_members(path, data, self.budget)
        self.result.skipped.extend(skipped)
        for member_name, member_data, member_depth in members:
            if depth + member_depth > self.caps.max_depth:
                self.result.skipped.append((member_name, f"depth cap {self.caps.max_depth} reached"))
                continue
            member_steps = [*steps, Step(path, None, ("archive-member",))]
            self.result.derived.append(Derived(member_name, member_data, self.origin, None,
                                               [t for s in member_steps for t in s.transforms],
                                               depth + member_depth, "archive-member", path, member_steps))
            if is_python_path(member_name, member_data):
                self.layer(member_name, member_data, depth + member_depth, member_steps, python=True,
                           gated=self.gated)


def peel_file(rel_path: str, data: bytes, caps: PeelCaps | None = None, *, normalise: bool = True,
              gated: bool = False) -> PeelResult:
    """Every derived file beneath one file of a package; see the module docstring. `gated`: skip
    the parse of files (and archive members) the cheap text gate (gate.py) finds nothing to peel in."""
    peeler = _Peeler(rel_path, caps or PeelCaps(), normalise)
    peeler.gated = gated
    try:
        if archive_kind(data) is not None:
            peeler.archive(rel_path, data, 0, [])
        elif rel_path.endswith(".pyc") and len(data) > 16 and data[2:4] == _PYC_MAGIC_TAIL:
            try:
                listing = read_code(data[16:])
            except MarshalError as exc:
                peeler.result.skipped.append((rel_path, f"unreadable .pyc: {exc}"))
            else:
                peeler._emit(f"{rel_path}::peel/1", listing.render().encode("utf-8", "surrogatepass"), rel_path,
                             None, ["pyc", "marshal"], [], 0, "marshal-listing")
        elif b"\x00" not in data[:8192]:
            peeler.layer(rel_path, data, 0, [], python=is_python_path(rel_path, data), gated=gated)
    except CapExceeded as exc:
        peeler.result.skipped.append((rel_path, str(exc)))
    except (RecursionError, MemoryError) as exc:
        # Attacker-controlled nesting (a 2,000-term concatenation) is deeper than the folding walk:
        # the layers found so far stay, the rest is reported as a skip, never a crash of the batch.
        peeler.result.skipped.append((rel_path, f"peel: {type(exc).__name__}: nested too deeply to fold"))
    return peeler.result
