"""The filter backend of the API: django-filter, plus a refusal of empty filter values.

``?region=`` is ambiguous (no filter? the empty region?); answering 400 keeps the contract
the schema states (each filter's value has a pattern or a minimum length) and catches
half-built query strings in client code.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request


class StrictFilterBackend(DjangoFilterBackend):
    def filter_queryset(self, request: Request, queryset: QuerySet[Any], view: Any) -> QuerySet[Any]:
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None:
            names = set(filterset_class.base_filters)
            empty = {
                name: [_("Nilai tidak boleh kosong; hapus parameter ini untuk tidak menyaring.")]
                for name in names
                if name in request.query_params and any(v == "" for v in request.query_params.getlist(name))
            }
            if empty:
                raise ValidationError(empty)
        return super().filter_queryset(request, queryset, view)
