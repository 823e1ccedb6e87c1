"""DRF throttles on the atomic counters of ``core.ratelimit`` (fixed windows).

DRF's own throttles keep a list of timestamps in the cache with a read-modify-write, so parallel
requests slip past the limit (5,060 through 5,000 with 8 threads), and with ``NUM_PROXIES`` unset
they key anonymous clients by the whole ``X-Forwarded-For`` header, which the client writes. These
count with one atomic increment and key clients by ``core.ratelimit.client_ip``.

Rates come from ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]``, read at request time.
"""

from __future__ import annotations

from typing import Any

from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

from netral.core import ratelimit

DURATIONS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """'10/hour' -> (10, 3600); the unit's first letter decides, as in DRF."""
    num, period = rate.split("/")
    return int(num), DURATIONS[period[0]]


class CounterThrottle(BaseThrottle):
    """One scope's limit per client; subclasses say which scope and who the client is."""

    scope = ""
    default_rate = "60/hour"

    def rate(self, view: Any) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope, self.default_rate)

    def ident(self, request: Any) -> str | None:
        return ratelimit.client_ip(request)

    def allow_request(self, request: Any, view: Any) -> bool:
        rate = self.rate(view)
        ident = self.ident(request)
        if rate is None or ident is None:
            return True
        self.limit, self.period = parse_rate(rate)
        return ratelimit.hit(f"api:{self.scope}", ident, self.limit, self.period)

    def wait(self) -> float | None:
        return float(ratelimit.retry_after(getattr(self, "period", 3600)))


class AnonThrottle(CounterThrottle):
    """Requests without an account, per client address (scope ``anon``)."""

    scope = "anon"

    def ident(self, request: Any) -> str | None:
        return None if request.user and request.user.is_authenticated else ratelimit.client_ip(request)


class UserThrottle(CounterThrottle):
    """Requests with an account, per user (scope ``user``)."""

    scope = "user"
    default_rate = "5000/hour"

    def ident(self, request: Any) -> str | None:
        return str(request.user.pk) if request.user and request.user.is_authenticated else None


class PublicReportThrottle(CounterThrottle):
    """Submissions to the public report endpoint, per client address (scope ``public_report``)."""

    scope = "public_report"
    default_rate = "10/hour"
