"""Encryption at rest for reporters' personal data, with a blind index for exact look-ups.

Fernet (AES-128-CBC + HMAC) from `cryptography`, keys from the environment
(FIELD_ENCRYPTION_KEYS, newest first, so keys rotate with MultiFernet). Values never appear in
logs or audit records (see AUDIT_EXCLUDE on models).
"""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models


@lru_cache(maxsize=1)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k.encode()) for k in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(value: str) -> str:
    return fernet().encrypt(value.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as exc:  # wrong key or tampered row: fail loudly, never return ciphertext
        raise ValueError("cannot decrypt field: wrong key or corrupted value") from exc


def blind_index(value: str) -> str:
    """Keyed hash of a normalised identifier, so equal NIKs can be matched without decrypting."""
    norm = "".join(value.split()).lower()
    return hmac.new(settings.BLIND_INDEX_KEY.encode(), norm.encode(), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]  # not subscriptable at run time
    """A text column stored as a Fernet token; empty string stays empty (no ciphertext of nothing)."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str:
        if value in (None, ""):
            return ""
        return decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value in (None, ""):
            return ""
        return encrypt(str(value))
