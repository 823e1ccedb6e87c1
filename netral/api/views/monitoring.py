"""Monitoring items (read-only): what the triage engine found in news and social media."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view

from netral.api import filtersets
from netral.api.pagination import IdCursorPagination
from netral.api.serializers.monitoring import MonitoringItemSerializer
from netral.api.views.base import NUMERIC_ID, ScopedReadOnlyViewSet
from netral.monitoring.models import Item


@extend_schema_view(
    list=extend_schema(summary="Butir pemantauan (kursor, terbaru dulu)", tags=["pemantauan"]),
    retrieve=extend_schema(summary="Satu butir pemantauan", tags=["pemantauan"]),
)
class MonitoringItemViewSet(ScopedReadOnlyViewSet):
    base_queryset = Item.objects.all()
    serializer_class = MonitoringItemSerializer
    filterset_class = filtersets.MonitoringItemFilterSet
    pagination_class = IdCursorPagination
    lookup_value_regex = NUMERIC_ID
