"""Sign-in bookkeeping: each signed-in browser is a row of the session list."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from netral.accounts.models import SignInSession
from netral.core.ratelimit import client_ip

if TYPE_CHECKING:
    from netral.core.types import User


@receiver(user_logged_in)
def remember_session(sender: Any, request: Any, user: User, **kw: Any) -> None:
    session = getattr(request, "session", None)
    if session is None:
        return
    if session.session_key is None:
        session.save()
    from netral.accounts.services import record_sign_in

    ip = client_ip(request)
    record_sign_in(user, session.session_key, None if ip == "unknown" else ip, request.META.get("HTTP_USER_AGENT", ""))


@receiver(user_logged_out)
def forget_session(sender: Any, request: Any, user: User, **kw: Any) -> None:
    key = getattr(getattr(request, "session", None), "session_key", None)
    if key:
        SignInSession.objects.filter(session_key=key).delete()
