"""Throttles. Rates come from ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]``, read at request time."""

from __future__ import annotations

from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle


class PublicReportThrottle(ScopedRateThrottle):
    """Submissions to the public report endpoint, per client address (scope ``public_report``).

    Reads the rate on each request (not at import) so a changed setting applies without restart.
    """

    scope_attr = "throttle_scope"

    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope, "10/hour")

    def allow_request(self, request, view):  # type: ignore[no-untyped-def]
        self.scope = getattr(view, self.scope_attr, "public_report")
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super(ScopedRateThrottle, self).allow_request(request, view)
