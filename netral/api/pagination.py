"""Pagination: page numbers for small lists, a cursor for the big ones (no COUNT(*) per page).

Both are strict: a ``page`` or ``page_size`` that is present but not a positive whole number
(or a page size above the maximum) answers 400 with the reason, instead of being silently
replaced by a default, so a client's bug shows up at once.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination, PageNumberPagination
from rest_framework.request import Request

MAX_PAGE_SIZE = 200


def positive_int(request: Request, name: str, maximum: int | None = None) -> int | None:
    raw = request.query_params.get(name)
    if raw is None:
        return None
    if not raw.isascii() or not raw.isdigit() or int(raw) < 1:
        raise ValidationError({name: [_("Harus bilangan bulat positif.")]})
    value = int(raw)
    if maximum is not None and value > maximum:
        raise ValidationError({name: [_("Paling besar %(max)d.") % {"max": maximum}]})
    return value


def page_size_parameter(description: str) -> dict[str, Any]:
    return {
        "name": "page_size",
        "required": False,
        "in": "query",
        "description": description,
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
    }


class StandardPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    last_page_strings = ()

    def get_page_size(self, request: Request) -> int:
        return positive_int(request, "page_size", self.max_page_size) or self.page_size

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> Any:
        positive_int(request, self.page_query_param)
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            {
                "name": "page",
                "required": False,
                "in": "query",
                "description": "Nomor halaman (mulai 1); halaman di luar jangkauan menjawab 404.",
                "schema": {"type": "integer", "minimum": 1},
            },
            page_size_parameter("Jumlah hasil per halaman (bawaan 50, paling banyak 200)."),
        ]


class IdCursorPagination(CursorPagination):
    """Newest first by primary key: each page is an index range scan, even at a million rows.

    PageNumberPagination would run ``COUNT(*)`` over the whole filtered set on every page.
    """

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    ordering = "-id"

    def get_page_size(self, request: Request) -> int:
        return positive_int(request, "page_size", self.max_page_size) or self.page_size

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "Kursor dari tautan `next`/`previous`; kursor tidak sah menjawab 404.",
                "schema": {"type": "string"},
            },
            page_size_parameter("Jumlah hasil per halaman (bawaan 50, paling banyak 200)."),
        ]
