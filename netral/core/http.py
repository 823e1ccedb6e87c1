"""Request types for views, so mypy knows what the middleware attaches.

``HtmxRequest`` carries django-htmx's ``request.htmx``; ``StaffRequest`` is a request behind
``login_required``, whose ``user`` is a real ``accounts.User`` (never ``AnonymousUser``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

if TYPE_CHECKING:
    from netral.accounts.models import User


class HtmxRequest(HttpRequest):
    htmx: HtmxDetails


class StaffRequest(HtmxRequest):
    user: User
