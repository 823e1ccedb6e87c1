"""Fixed-window rate limits on atomic counters (``core.counters``: Redis or a table of their own).

Each request adds one to the counter of its (scope, client, window) and is allowed while the new
value is within the limit: one atomic statement, so parallel requests can never both take the
last place, and nothing culls the counters (the database cache did, silently resetting limits).

The client address: ``REMOTE_ADDR``, or with ``NETRAL_TRUSTED_PROXIES = N`` (N reverse proxies in
front, each appending the address it received from to ``X-Forwarded-For``) the N-th address from
the right of that header, as DRF's ``NUM_PROXIES`` reads it; addresses a client wrote further left
are never trusted. Django views and DRF throttles use this one function.
"""

from __future__ import annotations

import hashlib
import ipaddress
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from netral.core import counters


def trusted_proxies() -> int:
    return max(0, int(getattr(settings, "NETRAL_TRUSTED_PROXIES", 0)))


def client_ip(request: Any) -> str:
    """The client address as the trusted front servers reported it (never what the client claims)."""
    meta = request.META
    remote = str(meta.get("REMOTE_ADDR") or "unknown")
    proxies = trusted_proxies()
    forwarded = meta.get("HTTP_X_FORWARDED_FOR")
    if not proxies or not forwarded:
        return remote
    addrs = [a.strip() for a in str(forwarded).split(",") if a.strip()]
    if not addrs:
        return remote
    candidate = addrs[-min(proxies, len(addrs))]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:  # a proxy that wrote garbage: fall back to what the socket saw
        return remote


def _key(scope: str, ident: str, window: int) -> str:
    # Hash the address: counters should not hold readable IPs.
    digest = hashlib.sha256(f"{scope}:{ident}".encode()).hexdigest()[:32]
    return f"rl:{scope}:{digest}:{window}"


def hit(scope: str, ident: str, limit: int, period: int = 3600, *, now: float | None = None) -> bool:
    """Count one request of `ident` in `scope`; True when it is within `limit` per `period` seconds."""
    if limit <= 0:
        return False
    moment = time.time() if now is None else now
    window = int(moment // period)
    ttl = period - int(moment % period) + 5
    return counters.incr(_key(scope, ident, window), ttl) <= limit


def retry_after(period: int = 3600, *, now: float | None = None) -> int:
    """Seconds until the current window ends (for ``Retry-After``)."""
    moment = time.time() if now is None else now
    return period - int(moment % period)


def limited(
    scope: str,
    limit: Callable[[], int],
    *,
    methods: tuple[str, ...] = ("POST",),
    period: int = 3600,
    response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """View decorator: over the limit, answer with `response(request)` (a 429 page) instead."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method in methods and not hit(scope, client_ip(request), limit(), period):
                return response(request)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
