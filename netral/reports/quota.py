"""The public form's quota: only ACCEPTED submissions count, keyed by browser and by address.

Refused attempts (a wrong date, a refused file) never use up the quota: a reporter who fixes three
mistakes still has ten reports an hour. The key is a random browser id in a signed cookie plus the
client address, with a far more generous cap per address, because one carrier NAT puts a whole town
behind one address on election day (``PUBLIC_REPORT_RATE`` per browser, ``PUBLIC_REPORT_ADDRESS_RATE``
per address, per hour).

A place is *reserved* before the report is written (one atomic ``counters.incr`` per key) and given
back (``counters.decr``) when the write fails or a key is over its limit: parallel submissions can
never both take the last place, and a failure never costs one. A client that drops the cookie gets a
new id every time, so only the address cap holds it.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from netral.core import counters
from netral.core.ratelimit import client_ip

COOKIE = "netral_browser"
SALT = "netral.reports.quota"
PERIOD = 3600
COOKIE_AGE = 365 * 24 * 3600


def browser_rate() -> int:
    return int(getattr(settings, "PUBLIC_REPORT_RATE", 10))


def address_rate() -> int:
    return int(getattr(settings, "PUBLIC_REPORT_ADDRESS_RATE", 300))


def attempt_rate() -> int:
    return int(getattr(settings, "PUBLIC_REPORT_ATTEMPT_RATE", 2000))


def browser_id(request: HttpRequest) -> str:
    """The browser's id from its signed cookie; a new one (set by ``remember``) when absent or forged."""
    known = getattr(request, "_netral_browser", None)
    if isinstance(known, str):
        return known
    try:
        value = request.get_signed_cookie(COOKIE, salt=SALT, max_age=COOKIE_AGE) or ""
    except (KeyError, signing.BadSignature):
        value = ""
    fresh = not (isinstance(value, str) and 16 <= len(value) <= 64)
    if fresh:
        value = secrets.token_urlsafe(18)
    request._netral_browser = value  # type: ignore[attr-defined]
    request._netral_browser_fresh = fresh  # type: ignore[attr-defined]
    return value


def remember(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Give a browser that had no valid id its cookie (HttpOnly, same-site, signed)."""
    browser_id(request)
    if getattr(request, "_netral_browser_fresh", False):
        response.set_signed_cookie(
            COOKIE,
            request._netral_browser,  # type: ignore[attr-defined]
            salt=SALT,
            max_age=COOKIE_AGE,
            httponly=True,
            samesite="Lax",
            secure=bool(getattr(settings, "SESSION_COOKIE_SECURE", False)),
        )
    return response


def _key(kind: str, ident: str, window: int) -> str:
    # Hashed: the counter table holds no readable address or browser id.
    digest = hashlib.sha256(f"{kind}:{ident}".encode()).hexdigest()[:32]
    return f"rq:{kind}:{digest}:{window}"


def _window(now: float | None) -> tuple[int, int]:
    moment = time.time() if now is None else now
    return int(moment // PERIOD), PERIOD - int(moment % PERIOD) + 5


@dataclass
class Reservation:
    """Places taken in each counter; ``release`` gives them back when the report was not written."""

    keys: list[str] = field(default_factory=list)

    def release(self) -> None:
        for key in self.keys:
            counters.decr(key)
        self.keys = []


def reserve(request: HttpRequest, *, now: float | None = None) -> Reservation | None:
    """Take one place per browser and per address for an accepted submission; None when either is full."""
    window, ttl = _window(now)
    checks = [
        (_key("browser", browser_id(request), window), browser_rate()),
        (_key("address", client_ip(request), window), address_rate()),
    ]
    taken = Reservation()
    for key, limit in checks:
        value = counters.incr(key, ttl)
        taken.keys.append(key)
        if limit <= 0 or value > limit:
            taken.release()
            return None
    return taken


def attempt_allowed(request: HttpRequest, *, now: float | None = None) -> bool:
    """Every POST per address, against floods only (the quota above is what reporters meet)."""
    window, ttl = _window(now)
    return counters.incr(_key("attempt", client_ip(request), window), ttl) <= attempt_rate()


def retry_at(now: float | None = None) -> tuple[int, datetime.datetime]:
    """Seconds until the window ends, and that moment (local time), for the 429 page and Retry-After."""
    moment = time.time() if now is None else now
    seconds = PERIOD - int(moment % PERIOD)
    return seconds, timezone.localtime(timezone.now() + datetime.timedelta(seconds=seconds))
