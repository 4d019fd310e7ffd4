"""Fernet and AES with a key written beside the blob (cryptography). Nothing is guessed:
only literal keys from the same scope are tried, and only when the code names the cipher."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterator
from functools import lru_cache

from .caps import Budget
from .transforms import Hints, plausible

try:  # optional at import so the rest of peel works without it; pyproject requires it
    from cryptography.exceptions import InvalidTag
    from cryptography.fernet import Fernet, InvalidToken
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
except ImportError:  # pragma: no cover
    Fernet = None  # type: ignore[assignment,misc]

_AES_SIZES = (16, 24, 32)


def _key_forms(key: bytes) -> list[bytes]:
    """The key as written, and as base64/hex text decoded."""
    forms = [key]
    try:
        text = key.decode("ascii")
    except UnicodeDecodeError:
        return forms
    for decode in (base64.b64decode, base64.urlsafe_b64decode, bytes.fromhex):
        try:
            forms.append(decode(text))  # type: ignore[operator]
        except (ValueError, binascii.Error):
            continue
    return forms


@lru_cache(maxsize=256)
def _aes_material(keys: tuple[bytes, ...]) -> tuple[tuple[bytes, ...], tuple[bytes, ...]]:
    """AES keys and IVs among a scope's literals (computed once per scope)."""
    forms = [k for raw in keys for k in _key_forms(raw)]
    return (tuple(dict.fromkeys(k for k in forms if len(k) in _AES_SIZES)),
            tuple(dict.fromkeys(k for k in forms if len(k) == 16)))


def fernet_decrypt(data: bytes, hints: Hints, budget: Budget) -> Iterator[tuple[str, bytes]]:
    if Fernet is None or "fernet" not in hints.words or not data.lstrip().startswith(b"gAAAAA"):
        return
    for key in hints.keys:
        if len(key) != 44:
            continue
        budget.spend(len(data))
        try:
            yield "fernet", Fernet(key).decrypt(data.strip())
            return  # a Fernet token authenticates: the right key is certain
        except (InvalidToken, ValueError, binascii.Error):
            continue


def _unpad(data: bytes) -> bytes | None:
    pad = data[-1] if data else 0
    if 1 <= pad <= 16 and data.endswith(bytes([pad]) * pad):
        return data[:-pad]
    return None


def aes_decrypt(data: bytes, hints: Hints, budget: Budget) -> Iterator[tuple[str, bytes]]:
    if Fernet is None or "aes" not in hints.words or len(data) < 16:
        return
    keys, ivs = _aes_material(tuple(hints.keys))
    for key in keys:
        attempts = []
        if len(data) % 16 == 0:
            attempts += [("aes-cbc", modes.CBC(iv), data) for iv in ivs]
            if len(data) >= 32:
                attempts.append(("aes-cbc-ivprefix", modes.CBC(data[:16]), data[16:]))
            attempts.append(("aes-ecb", modes.ECB(), data))
        if len(data) >= 12 + 16 + 1:
            attempts.append(("aes-gcm", modes.GCM(data[:12], data[-16:]), data[12:-16]))
        for name, mode, body in attempts:
            budget.spend(len(body))
            try:
                decryptor = Cipher(algorithms.AES(key), mode).decryptor()
                out = decryptor.update(body) + decryptor.finalize()
            except (ValueError, InvalidTag):
                continue
            if name != "aes-gcm":
                out = _unpad(out)
                if out is None:
                    continue
            if not plausible(out):
                continue  # a wrong key's output can pass the padding check by chance
            yield name, out
            return
