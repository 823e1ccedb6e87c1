"""Content-Security-Policy violation reports: logged, so a page that breaks the policy is noticed.

Browsers POST a JSON report to ``report-uri`` when the policy blocks something. The report names
the page and the blocked resource; we log the directive, the blocked resource's origin (never its
full URL, which could carry a token) and the page's path, at WARNING. Bodies over 16 KB are
ignored. No authentication: browsers send reports without credentials.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from netral.core import jsonlimits

logger = logging.getLogger("netral.csp")
MAX_REPORT_BYTES = 16 * 1024


def _origin(url: Any) -> str:
    if not isinstance(url, str):
        return ""
    if "://" not in url:
        return url[:40]  # "inline", "eval", "data"
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"[:100]


@csrf_exempt
@require_POST
def report(request: HttpRequest) -> HttpResponse:
    try:
        body = jsonlimits.loads(request.body, max_depth=6, max_bytes=MAX_REPORT_BYTES)
    except ValueError:
        return HttpResponse(status=400)
    reports = body if isinstance(body, list) else [body]
    for item in reports[:10]:
        data = item.get("csp-report") or item.get("body") or {} if isinstance(item, dict) else {}
        if not isinstance(data, dict):
            continue
        page = urlsplit(str(data.get("document-uri") or data.get("documentURL") or "")).path
        logger.warning(
            "CSP violation: %s blocked %s on %s",
            str(data.get("effective-directive") or data.get("effectiveDirective") or "?")[:60],
            _origin(data.get("blocked-uri") or data.get("blockedURL")),
            page[:200],
        )
    return HttpResponse(status=204)
