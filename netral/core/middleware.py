"""Request id and audit context for every request."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

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


class IndonesianFirstLocaleMiddleware:
    """Bahasa Indonesia unless the user chose English with the switcher (the language cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language; many Indonesian users
    run English-language browsers, and the service speaks Indonesian first, so the header is
    ignored on purpose. The language is active only for this request (no leak across requests).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        code = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        with translation.override(code):
            request.LANGUAGE_CODE = code
            response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", code)
        return response
