"""Receipt codes: a bearer secret the reporter keeps; we store only its SHA-256.

Format ``NTR-XXXX-XXXX-XXXX-XXXX``: 16 symbols of Crockford's base 32 (80 bits), grouped so it can be
read out over a phone; typed O is read as 0 and I/L as 1, and there is no U. Codes issued before
(``NTR-`` + five groups of a 31-symbol alphabet without 0/O/1/I/L) keep working at lookup. Input is
forgiving (case, spaces, missing dashes, the prefix may be left out); anything that does not
normalise to a well-formed code is simply "not found", like an unknown one.
"""

from __future__ import annotations

import hashlib
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base 32
LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
PREFIX = "NTR"
LENGTH = 16
GROUP = 4
# The earlier format: still accepted at lookup.
OLD_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
OLD_LENGTH = 20


def generate() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join([PREFIX] + [body[i : i + GROUP] for i in range(0, LENGTH, GROUP)])


def normalise(raw: str) -> str | None:
    """The canonical body (16 symbols, or 20 for an earlier code) of a typed code, or None."""
    text = "".join(ch for ch in (raw or "").upper() if ch.isascii() and ch.isalnum())
    if text.startswith(PREFIX) and len(text) in (LENGTH + len(PREFIX), OLD_LENGTH + len(PREFIX)):
        text = text[len(PREFIX) :]
    if len(text) == OLD_LENGTH:
        return text if all(ch in OLD_ALPHABET for ch in text) else None
    text = text.translate(LOOKALIKES)
    if len(text) != LENGTH or any(ch not in ALPHABET for ch in text):
        return None
    return text


def digest(raw: str) -> str:
    """SHA-256 of the canonical code; a malformed code hashes to a value no row can have."""
    body = normalise(raw)
    material = f"{PREFIX}-{body}" if body else f"invalid:{raw!r}"
    return hashlib.sha256(material.encode()).hexdigest()


def hint(code: str) -> str:
    """The prefix and first group ("NTR-7K3Q"): enough for the reporter to recognise the report, far too
    little to use it (the other 16 symbols keep about 79 bits)."""
    body = normalise(code)
    return f"{PREFIX}-{body[:GROUP]}" if body else ""
