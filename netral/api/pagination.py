"""Pagination: page numbers for small lists, a cursor for the big ones (no COUNT(*) per page)."""

from __future__ import annotations

from rest_framework.pagination import CursorPagination, PageNumberPagination


class StandardPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class IdCursorPagination(CursorPagination):
    """Newest first by primary key: each page is an index range scan, even at a million rows.

    PageNumberPagination would run ``COUNT(*)`` over the whole filtered set on every page.
    """

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = "-id"
