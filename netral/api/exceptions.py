"""DRF's exception handler, plus a 400 with the reason for ``core.params.BadParameter``.

A parameter refused deep in a view (an id out of range that reached a query) raises Django's
``BadRequest``; DRF would let it through to Django's HTML 400 page. API clients get JSON.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import BadRequest
from rest_framework.response import Response
from rest_framework.views import exception_handler


def handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, BadRequest):
        return Response({"detail": str(exc)}, status=400)
    return exception_handler(exc, context)
