"""Fixed-window rate limits on Django's cache (the database cache, shared by every process).

Why not ``cache.incr``: on the database cache it is a read followed by a write, so two processes
can both read 4 and both write 5. ``cache.add`` is atomic on every Django backend (on the
database cache it is an INSERT guarded by the primary key), so each request claims a numbered
*slot* with ``add``; a request is allowed while it can claim a slot below the limit. A hint key
remembers how many slots are surely taken, so the usual cost is one ``get`` and one ``add``.

Invariant that keeps the hint safe: every slot below the hint is taken (slots are never freed
within a window, and a hint is only written after the slots below it were seen taken).

The client address is ``REMOTE_ADDR``. Behind a reverse proxy, the proxy must set it to the
real client (e.g. nginx ``real_ip`` / gunicorn ``--forwarded-allow-ips``); never trust a
client-supplied ``X-Forwarded-For`` here.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse


def client_ip(request: HttpRequest) -> str:
    """The client address as the (trusted) front server reported it."""
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def _key(scope: str, ident: str, window: int) -> str:
    # Hash the address: cache rows should not hold readable IPs.
    digest = hashlib.sha256(f"{scope}:{ident}".encode()).hexdigest()[:32]
    return f"rl:{scope}:{digest}:{window}"


def hit(scope: str, ident: str, limit: int, period: int = 3600, *, now: float | None = None) -> bool:
    """Count one request of `ident` in `scope`; True when it is within `limit` per `period` seconds."""
    if limit <= 0:
        return False
    moment = time.time() if now is None else now
    window = int(moment // period)
    base = _key(scope, ident, window)
    timeout = period - int(moment % period) + 5
    hint_key = f"{base}:n"
    slot = int(cache.get(hint_key) or 0)
    while slot < limit:
        if cache.add(f"{base}:{slot}", 1, timeout=timeout):
            cache.set(hint_key, slot + 1, timeout=timeout)
            return True
        slot += 1
    return False


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
