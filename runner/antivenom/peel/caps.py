"""Caps on what peeling one file may cost: depth, decoded bytes, counted work, a wall-clock guard.

Work is counted in units (roughly one per byte a transform reads or an AST node visited),
so a cap is hit at the same place on every machine; the wall clock is only a generous
backstop against a pathological case the counting missed.
"""

from __future__ import annotations

import time
from dataclasses import dataclass


@dataclass(frozen=True)
class PeelCaps:
    max_depth: int = 5  # layers of derived files below the real file
    max_decoded_bytes: int = 10 * 1024 * 1024  # every byte any transform outputs, per real file
    max_work: int = 200_000_000  # counted units per real file
    max_wall_seconds: float = 60.0  # backstop only; tests never rely on it
    max_transforms_per_layer: int = 8  # decoding steps between two layers of code
    max_derived: int = 64  # derived files per real file
    min_candidate_chars: int = 24  # shorter literals are never decoded
    max_parse_bytes: int = 4 * 1024 * 1024  # larger sources are searched with a regex, not ast
    max_key_candidates: int = 32  # literal keys tried for XOR/Fernet/AES per scope
    max_xor_brute_bytes: int = 64 * 1024  # single-byte XOR brute force only below this


class CapExceeded(Exception):
    """A cap was reached; the message is the skip reason reported to the user."""


class Budget:
    """The running account of one real file's peel."""

    def __init__(self, caps: PeelCaps) -> None:
        self.caps = caps
        self.work = 0
        self.decoded = 0
        self._deadline = time.monotonic() + caps.max_wall_seconds
        self._ticks = 0

    def spend(self, units: int) -> None:
        self.work += max(1, units)
        if self.work > self.caps.max_work:
            raise CapExceeded(f"work budget of {self.caps.max_work} units exhausted")
        self._ticks += 1
        if self._ticks % 256 == 0 and time.monotonic() > self._deadline:
            raise CapExceeded(f"wall-clock guard of {self.caps.max_wall_seconds:g} s reached")

    def remaining_bytes(self) -> int:
        return max(0, self.caps.max_decoded_bytes - self.decoded)

    def produce(self, size: int) -> None:
        """Account for decoded output before it is kept."""
        self.decoded += size
        if self.decoded > self.caps.max_decoded_bytes:
            raise CapExceeded(f"decoded bytes exceed the {self.caps.max_decoded_bytes}-byte cap")
