"""``manage.py check --deploy``: the keys that protect reporters' personal data are usable.

Without this, an invalid ``FIELD_ENCRYPTION_KEYS`` passed the deployment check, the server
started, and every page that reads a report failed on first use. Deployment checks run only
with ``--deploy``; development keeps its built-in keys.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register

DEV_FIELD_KEY = "ZGV2LW9ubHktZmllbGQta2V5LW5vdC1mb3ItcHJvZC0="
DEV_BLIND_KEY = "dev-only-blind-index-key"
MIN_BLIND_KEY_CHARS = 32


def fernet_key_problem(key: Any) -> str | None:
    """Why `key` is not a Fernet key (url-safe base64 of exactly 32 bytes), or None."""
    if not isinstance(key, str) or not key.strip():
        return "empty"
    try:
        raw = base64.urlsafe_b64decode(key.strip().encode("ascii"))
    except (binascii.Error, ValueError, UnicodeEncodeError):
        return "not url-safe base64"
    if len(raw) != 32:
        return f"decodes to {len(raw)} bytes, not 32"
    return None


@register(Tags.security, deploy=True)
def check_data_protection_keys(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    errors: list[Error] = []
    keys = list(getattr(settings, "FIELD_ENCRYPTION_KEYS", []) or [])
    if not keys:
        errors.append(
            Error(
                "FIELD_ENCRYPTION_KEYS is empty.",
                hint="Set at least one key: python -c 'from cryptography.fernet import Fernet; "
                "print(Fernet.generate_key().decode())'",
                id="netral.E001",
            )
        )
    for position, key in enumerate(keys, start=1):
        problem = fernet_key_problem(key)
        if problem:
            # Never print the key itself: only which one and why.
            errors.append(
                Error(
                    f"FIELD_ENCRYPTION_KEYS key #{position} is not a valid Fernet key ({problem}).",
                    hint="Each key is 32 random bytes in url-safe base64 (44 characters), newest first, "
                    "separated by commas.",
                    id="netral.E001",
                )
            )
    if DEV_FIELD_KEY in keys:
        errors.append(
            Error(
                "FIELD_ENCRYPTION_KEYS contains the development key, which is public in the source code.",
                id="netral.E002",
            )
        )
    blind = getattr(settings, "BLIND_INDEX_KEY", "") or ""
    if blind == DEV_BLIND_KEY:
        errors.append(
            Error("BLIND_INDEX_KEY is the development key, which is public in the source code.", id="netral.E004")
        )
    elif len(blind) < MIN_BLIND_KEY_CHARS:
        errors.append(
            Error(
                f"BLIND_INDEX_KEY must be at least {MIN_BLIND_KEY_CHARS} characters (it has {len(blind)}).",
                hint="A NIK has few possible values: a short key lets anyone who reads the index find them by "
                "trying. Use e.g. python -c 'import secrets; print(secrets.token_urlsafe(48))'.",
                id="netral.E003",
            )
        )
    if blind and blind in keys:
        errors.append(Error("BLIND_INDEX_KEY must differ from every FIELD_ENCRYPTION_KEYS key.", id="netral.E005"))
    return errors
