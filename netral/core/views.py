"""Landing page and language switch (health checks: ``health.py``)."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from netral.core import pagecache


@pagecache.public_page(ttl=600)
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"public_cacheable": True})


def switch_language(request: HttpRequest, code: str) -> HttpResponse:
    """Choose the interface language with a plain link (``/bahasa/en/?next=…``), remembered in a cookie.

    A link rather than Django's POST form: public pages then carry no CSRF token and can be cached
    whole; choosing a language changes nothing but the language.
    """
    if code not in dict(settings.LANGUAGES):
        raise Http404
    target = request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        target = "/"
    response = redirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
