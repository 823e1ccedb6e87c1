"""Whole-page caching for anonymous public pages (statistics, open data, calendars).

On election day the press and the public reload the statistics page all day; each render costs
about 120 ms of database time. Anonymous GETs of a decorated view are answered from the cache
with ``Cache-Control: public``, so nginx or a CDN may keep them too. A page is stored per data
version (``version()``: e.g. when the index was last computed), language and full path, so new
data is a new key (explicit invalidation), and ``ttl`` bounds how stale a page can get if the
version does not move. Signed-in users always get a live page marked private.

A cached page must not carry anything personal: the view renders with ``public_cacheable`` in
its context, which makes ``base.html`` leave out the CSRF token (anonymous public pages post
nothing; the language switch is a link).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language

PREFIX = "publicpage"


def _key(request: HttpRequest, version: str) -> str:
    raw = f"{version}|{get_language()}|{request.get_full_path()}"
    return f"{PREFIX}:{hashlib.sha256(raw.encode()).hexdigest()}"


def cacheable(request: HttpRequest) -> bool:
    """Anonymous GET/HEAD without a pending flash message (a cached page would swallow it)."""
    user = getattr(request, "user", None)
    return (
        request.method in ("GET", "HEAD")
        and not (user is not None and user.is_authenticated)
        and "messages" not in request.COOKIES
    )


def public_page(
    *, ttl: int = 120, version: Callable[[], str] = lambda: ""
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """Decorate a GET view whose anonymous output depends only on the URL, the language and data."""

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            response: HttpResponseBase
            if not cacheable(request):
                response = view(request, *args, **kwargs)
                patch_cache_control(response, private=True, no_cache=True)
                return response
            key = _key(request, version())
            stored = cache.get(key)
            if stored is not None:
                content, content_type, disposition = stored
                response = HttpResponse(content, content_type=content_type)
                if disposition:
                    response["Content-Disposition"] = disposition
                response["X-Netral-Cache"] = "hit"
            else:
                response = view(request, *args, **kwargs)
                if response.status_code == 200 and not response.streaming and not response.cookies:
                    body = response.content  # type: ignore[attr-defined]
                    cache.set(key, (body, response["Content-Type"], response.get("Content-Disposition", "")), ttl)
                    response["X-Netral-Cache"] = "miss"
            if response.status_code == 200:
                patch_cache_control(response, public=True, max_age=ttl)
                patch_vary_headers(response, ["Cookie"])  # the language cookie and a session choose the page
            return response

        return wrapper

    return decorator
