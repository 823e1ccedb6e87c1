"""Two-factor enforcement and the session list's "last active" time."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from netral.accounts import twofactor
from netral.accounts.models import SignInSession

# Pages a signed-in but not yet verified user may still open (besides static files).
OPEN_PREFIXES = ("/static/", "/favicon.ico", "/i18n/", "/healthz")
OPEN_NAMES = ("accounts:logout", "accounts:two_factor_setup", "accounts:verify")


class TwoFactorMiddleware:
    """A staff session without a verified second factor reaches only enrolment or the code step.

    Sign-in through our form never creates such a session for an enrolled user (the code comes
    before ``login``); this catches the rest: a user not enrolled yet, a session from before 2FA
    was switched on, a sign-in through another door (e.g. ``/admin/``).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and twofactor.required_for(user) and not user.is_verified():  # type: ignore[attr-defined]
            open_paths = {reverse(name) for name in OPEN_NAMES}
            if request.path not in open_paths and not request.path.startswith(OPEN_PREFIXES):
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": _("Verifikasi dua langkah diperlukan.")}, status=403)
                target = "accounts:verify" if twofactor.enrolled(user) else "accounts:two_factor_setup"
                return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


class SessionActivityMiddleware:
    """Writes the session's "last active" at most every SESSION_SEEN_EVERY seconds per process.

    The time of the last write is kept in this process's memory, not in the session: writing the
    session on a read would also move its expiry and cost a session save per request.
    """

    MAX_TRACKED = 10_000

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.written: dict[str, float] = {}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        key = request.session.session_key if user is not None and user.is_authenticated else None
        if key:
            now = time.monotonic()
            if now - self.written.get(key, -1e9) >= settings.SESSION_SEEN_EVERY:
                if len(self.written) >= self.MAX_TRACKED:
                    self.written.clear()
                self.written[key] = now
                SignInSession.objects.filter(session_key=key).update(last_seen=timezone.now())
        return self.get_response(request)
