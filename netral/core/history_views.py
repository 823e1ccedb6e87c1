"""Pages of the audit trail: one object's full history, and the administrators' global view."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from netral.core import csvexport, history
from netral.core.models import ObjectChange


@login_required
def object_history(request: HttpRequest, label: str, pk: str) -> HttpResponse:
    """Every entry of one object, for anyone who can see that object (404 otherwise)."""
    model = history.model_for(label)
    if model is None:
        raise Http404
    try:
        obj = history.visible_objects(model, request.user).get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    entries = history.history_for(request.user, obj)
    if entries is None:
        raise Http404
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    rows = [{"entry": e, "changes": history.changes(e, model)} for e in page.object_list]
    return render(request, "core/object_history.html", {"obj": obj, "label": label, "page": page, "rows": rows})


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """The whole trail, filterable; administrators only (everyone else: 404)."""
    if not history.is_admin(request.user):
        raise Http404
    qs, chosen = history.filtered(request.GET)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    rows = [
        {"entry": e, "changes": history.changes(e, history.model_for(e.object_type)), "url": history.object_url(e)}
        for e in page.object_list
    ]
    query = urlencode(chosen)
    return render(
        request,
        "core/audit_log.html",
        {
            "page": page,
            "rows": rows,
            "chosen": chosen,
            "query": query,
            "object_types": history.object_types(),
            "actions": ObjectChange.Action.choices,
        },
    )


def _text(value: Any) -> str:
    return "" if value is None else str(value)


@login_required
def audit_log_csv(request: HttpRequest) -> StreamingHttpResponse:
    """The filtered trail as CSV through the one CSV writer (formulas neutralised), streamed."""
    if not history.is_admin(request.user):
        raise Http404
    qs, _chosen = history.filtered(request.GET)
    header = ["time", "user", "request_id", "action", "object_type", "object_id", "object", "before", "after"]

    def rows() -> Iterator[list[str]]:
        for e in qs.iterator(chunk_size=1000):
            yield [
                timezone.localtime(e.time).strftime("%Y-%m-%d %H:%M:%S"),
                e.user_name,
                e.request_id,
                e.action,
                e.object_type,
                e.object_id,
                e.object_repr,
                _text(e.prechange),
                _text(e.postchange),
            ]

    return csvexport.streaming_response(header, rows(), "jejak-audit")
