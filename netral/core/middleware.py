"""Request id and audit context for every request."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from netral.core import context

_SAFE_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")


class RequestIDMiddleware:
    """Give each request a UUID (or accept a sane upstream one) and return it as X-Request-ID."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        rid = incoming if _SAFE_ID.match(incoming) else context.new_request_id()
        request.request_id = rid  # type: ignore[attr-defined]
        token = context.request_id_var.set(rid)
        try:
            response = self.get_response(request)
        finally:
            context.request_id_var.reset(token)
        response["X-Request-ID"] = rid
        return response


class AuditContextMiddleware:
    """Expose the authenticated user to services (audit records) without passing it everywhere."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = context.user_var.set(getattr(request, "user", None))
        try:
            return self.get_response(request)
        finally:
            context.user_var.reset(token)
