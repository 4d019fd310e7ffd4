"""The runner's closed vocabularies as string enums: verdicts, severities, confidences, engines, vectors.

Members are `str`s (Python 3.10 has no enum.StrEnum), so they compare equal to, hash like and
serialise as their values: rule metadata read from YAML and JSON reports mix with them freely.
tests/test_enums.py checks them against rules/schema/ (SCHEMA_ENUMS), so the schemas and the
code cannot drift apart.
"""

from __future__ import annotations

from enum import Enum


class StrEnum(str, Enum):
    """A str whose str() and format() are its value on every Python version."""

    __str__ = str.__str__
    __format__ = str.__format__


class Verdict(StrEnum):
    """In order of gravity: the one place that order is written (see `order`)."""

    CLEAN = "clean"
    SUSPICIOUS = "suspicious"
    MALICIOUS = "malicious"
    ERROR = "error"  # could not be read: never a pass

    @classmethod
    def order(cls) -> list[str]:
        return [v.value for v in cls]

    @classmethod
    def listed(cls) -> tuple[Verdict, ...]:
        """The order reports count verdicts in: findings first, unreadable packages last."""
        return cls.MALICIOUS, cls.SUSPICIOUS, cls.CLEAN, cls.ERROR

    @classmethod
    def worst(cls, verdicts: list[str], default: str = "clean") -> str:
        order = cls.order()
        return max(verdicts, key=order.index, default=default)


class Severity(StrEnum):
    ERROR = "ERROR"
    WARNING = "WARNING"
    INFO = "INFO"


class Confidence(StrEnum):
    HIGH = "HIGH"
    MEDIUM = "MEDIUM"
    LOW = "LOW"


class Vector(StrEnum):
    INSTALL_TIME = "install-time"
    IMPORT_TIME = "import-time"
    RUNTIME = "runtime"


class EngineName(StrEnum):
    """The engines antivenom ships; a registered plug-in may add others (engines/__init__.py)."""

    SEMGREP = "semgrep"
    YARA = "yara"


# taxonomy.schema.json $defs name -> the enum whose values it must list.
SCHEMA_ENUMS: dict[str, type[StrEnum]] = {
    "verdict": Verdict,
    "severity": Severity,
    "confidence": Confidence,
    "attack_vector": Vector,
}
