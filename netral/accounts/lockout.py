"""Sign-in lockout (django-axes): per account and per client address, on the sign-in form, the
code step and API tokens.

Axes compares one failure count with one limit. An office shares one address, so the address
limit must be higher than the account limit: ``LockoutHandler`` reports the account's failures
as they are and the address's failures scaled to the account limit (``floor(n * A / B) >= A``
exactly when ``n >= B``), so one comparison holds both limits. API tokens carry no account
name: a wrong token counts against the address only.

Every lockout is written to the audit trail (once per cool-off window and key), and the answer
is a page (or JSON under ``/api/``) that says how long the lock lasts.
"""

from __future__ import annotations

import datetime
import ipaddress
from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_parameters
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.db.models import Sum
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication, get_authorization_header

API_TOKEN = "api_token"  # noqa: S105 - a credentials key, not a secret


def client_address(request: Any) -> str | None:
    """The client address as every rate limit sees it (``core.ratelimit.client_ip``), or None when
    there is none (a request built in code): axes stores it in an IP column, which refuses text."""
    from netral.core.ratelimit import client_ip

    try:
        return str(ipaddress.ip_address(client_ip(request)))
    except ValueError:
        return None


def lockout_parameters(request: Any, credentials: dict[str, Any] | None = None) -> list[str]:
    """Account and address for sign-ins; the address alone for API tokens (no account named)."""
    if credentials and credentials.get(API_TOKEN):
        return ["ip_address"]
    return ["username", "ip_address"]


def _limits() -> dict[str, int]:
    return {"username": int(settings.AXES_FAILURE_LIMIT), "ip_address": int(settings.SIGNIN_ADDRESS_FAILURES)}


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler with a separate (higher) limit for the client address."""

    def get_failures(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        account_limit = _limits()["username"]
        parameters = get_lockout_parameters(request, credentials)
        worst = 0
        for parameter, attempts in zip(parameters, self.get_user_attempts(request, credentials), strict=False):
            count = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            limit = _limits().get(parameter if isinstance(parameter, str) else "username", account_limit)
            worst = max(worst, count * account_limit // max(limit, 1))
        return worst


class LockoutBackend(AxesStandaloneBackend):
    """Refuses a locked account or address before the password is checked.

    Only calls that carry the request are watched (every web sign-in does); a call without one
    (a management command, the test client's ``login``) has no address to count.
    """

    def authenticate(self, request: Any, username: str | None = None, password: str | None = None, **kw: Any) -> None:
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kw)  # type: ignore[no-any-return]


def cooloff_minutes() -> int:
    cool = settings.AXES_COOLOFF_TIME
    return int(cool.total_seconds() // 60) if isinstance(cool, datetime.timedelta) else 0


def lockout_message() -> str:
    return _(
        "Terlalu banyak percobaan masuk yang gagal. Akun atau alamat ini dikunci sementara selama %(minutes)s menit. "
        "Coba lagi nanti, atau minta administrator atau kepala kantor Anda membuka kuncinya."
    ) % {"minutes": cooloff_minutes()}


def lockout_response(request: HttpRequest, original_response: Any = None, credentials: Any = None) -> HttpResponse:
    """A clear 429: a page for people, JSON for API clients; Retry-After in seconds."""
    retry = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse({"detail": lockout_message()}, status=429)
    else:
        response = render(request, "accounts/locked.html", {"message": lockout_message()}, status=429)
    response["Retry-After"] = retry
    return response


def is_locked(request: HttpRequest, username: str) -> bool:
    return not AxesProxyHandler.is_allowed(request, {"username": username})


def record_failure(request: HttpRequest, username: str) -> bool:
    """Count one failed sign-in step for `username` (e.g. a wrong code); True when now locked."""
    user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)
    return bool(getattr(request, "axes_locked_out", False))


def unlock(username: str) -> int:
    """Clear the failures of one account (a manager's "unlock"); the address counts stay."""
    return AxesProxyHandler.reset_attempts(username=username)


def locked_usernames(usernames: list[str]) -> set[str]:
    """Which of these accounts are locked now (for the staff list)."""
    from axes.models import AccessAttempt

    since = timezone.now() - settings.AXES_COOLOFF_TIME
    rows = (
        AccessAttempt.objects.filter(username__in=usernames, attempt_time__gte=since)
        .values("username")
        .annotate(n=Sum("failures_since_start"))
    )
    return {r["username"] for r in rows if r["n"] >= settings.AXES_FAILURE_LIMIT}


class LockoutTokenAuthentication(TokenAuthentication):
    """DRF token authentication that counts wrong tokens per address and refuses a locked address."""

    def authenticate(self, request: Any) -> Any:
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        django_request = request._request
        credentials = {API_TOKEN: True}
        if not AxesProxyHandler.is_allowed(django_request, credentials):
            django_request.axes_locked_out = True
            raise exceptions.Throttled(detail=lockout_message())
        try:
            return super().authenticate(request)
        except exceptions.AuthenticationFailed:
            user_login_failed.send(sender=__name__, credentials=credentials, request=django_request)
            raise


@receiver(user_locked_out)
def audit_lockout(
    sender: Any, request: Any = None, username: str | None = None, ip_address: str | None = None, **kw: Any
) -> None:
    """One audit entry per locked key and cool-off window (a flood of tries writes one row)."""
    from netral.accounts.models import User
    from netral.core import audit

    # Deduplicate by account and by address: a locked account tried from many addresses, or a
    # locked address trying many names, still writes one entry per cool-off window.
    timeout = int(settings.AXES_COOLOFF_TIME.total_seconds())
    keys = [f"lockout-audit:u:{username}" if username else "", f"lockout-audit:a:{ip_address}" if ip_address else ""]
    keys = [k for k in keys if k]
    if any(cache.get(k) for k in keys):
        return
    for k in keys:
        cache.set(k, 1, timeout=timeout)
    user = User.objects.filter(username=username).first() if username else None
    audit.log_event(
        "accounts.user",
        str(user.pk) if user is not None else "",
        username or (ip_address or "-"),
        "locked_out",
        {
            "username": username or "",
            "ip_address": ip_address or "",
            "path": getattr(request, "path", "") if request is not None else "",
            "minutes": cooloff_minutes(),
        },
    )
