"""The receipt shown once after a submission, carried to the confirmation page in a cookie.

Only the receipt code's hash is stored (``receipt``). Keeping the code in the session until the
confirmation page cost a session write on every submission (three of the POST's statements) and
left the code in clear in the session table until shown. It travels instead in a cookie encrypted
with the field keys (Fernet: unreadable and tamper-proof, with its own timestamp), scoped to the
confirmation page, living ``MAX_AGE`` seconds and deleted when the page is shown.
"""

from __future__ import annotations

import json
from typing import Any, TypeVar

from cryptography.fernet import InvalidToken
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.urls import reverse

from netral.core import crypto

COOKIE = "netral_receipt"
MAX_AGE = 600  # seconds from the redirect to the confirmation page
_R = TypeVar("_R", bound=HttpResponseBase)


def _path() -> str:
    return reverse("reports:submitted")


def keep(response: _R, receipt: dict[str, Any]) -> _R:
    """Attach the receipt to the redirect to the confirmation page."""
    response.set_cookie(
        COOKIE,
        crypto.encrypt(json.dumps(receipt)),
        max_age=MAX_AGE,
        path=_path(),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def take(request: HttpRequest) -> dict[str, Any] | None:
    """The receipt the cookie carries, or None (missing, expired, tampered or another key's)."""
    token = request.COOKIES.get(COOKIE, "")
    if not token:
        return None
    try:
        data = json.loads(crypto.fernet().decrypt(token.encode("ascii"), ttl=MAX_AGE))
    except (InvalidToken, ValueError, UnicodeError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("code"), str) else None


def forget(response: _R) -> _R:
    """The page has shown the receipt: the browser drops the cookie."""
    response.delete_cookie(COOKIE, path=_path(), samesite="Lax")
    return response
