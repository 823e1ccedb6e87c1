"""The shape every API viewset shares: token auth, scoped querysets, filters, errors documented."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import Model, QuerySet
from rest_framework import viewsets
from rest_framework.permissions import IsAuthenticated

from netral.api.filterbackend import StrictFilterBackend
from netral.api.pagination import StandardPagination
from netral.api.permissions import ScopedWrite
from netral.api.schema import NetralAutoSchema
from netral.core.scoping import Action


class ApiViewMixin:
    """Authentication, permissions, pagination and the schema class for every API view."""

    schema = NetralAutoSchema()
    permission_classes: ClassVar[list[Any]] = [IsAuthenticated, ScopedWrite]
    pagination_class: ClassVar[Any] = StandardPagination
    filter_backends: ClassVar[list[Any]] = [StrictFilterBackend]


NUMERIC_ID = r"[0-9]{1,10}"  # lookup pattern of integer primary keys (the schema documents it)


class ScopedReadOnlyViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """Read-only viewset over a scoped model: the queryset *is* the user's scope.

    Another region's object is not in the queryset, so the detail view answers 404.
    """

    scope_action: ClassVar[Action] = "view"
    base_queryset: ClassVar[QuerySet[Any]]

    def get_queryset(self) -> QuerySet[Any]:
        qs = self.base_queryset.all()
        return qs.restrict(self.request.user, self.scope_action)  # type: ignore[attr-defined]


class ReferenceViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """Public reference data (regions, elections): the same for every signed-in user."""

    base_queryset: ClassVar[QuerySet[Any]]

    def get_queryset(self) -> QuerySet[Model]:
        return self.base_queryset.all()
