"""Compile the whole YARA pack once, the way the runner does."""

from __future__ import annotations

import pytest
import yara
from yara_pack import compile_pack


@pytest.fixture(scope="session")
def yara_rules() -> yara.Rules:
    return compile_pack()


@pytest.fixture(scope="session")
def fired(yara_rules):
    """fired(data) -> the set of rule names that match the bytes."""

    def _fired(data: bytes | str) -> set[str]:
        if isinstance(data, str):
            data = data.encode()
        return {m.rule for m in yara_rules.match(data=data, timeout=30)}

    return _fired
