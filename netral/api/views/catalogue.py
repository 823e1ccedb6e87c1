"""Sanction catalogue (reference data) and the recommendations/sanctions view of cases."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view

from netral.api import filtersets
from netral.api.serializers.cases import RecommendationSerializer
from netral.api.serializers.catalogue import (
    SanctionLevelSerializer,
    SanctionTrackSerializer,
    ViolationTypeSerializer,
)
from netral.api.views.base import ReferenceViewSet, ScopedReadOnlyViewSet
from netral.cases.models import Case, SanctionLevel, SanctionTrack, ViolationType


@extend_schema_view(
    list=extend_schema(summary="Jenis pelanggaran netralitas", tags=["katalog sanksi"]),
    retrieve=extend_schema(summary="Satu jenis pelanggaran", tags=["katalog sanksi"]),
)
class ViolationTypeViewSet(ReferenceViewSet):
    base_queryset = ViolationType.objects.all()
    serializer_class = ViolationTypeSerializer
    filterset_class = filtersets.ViolationTypeFilterSet
    lookup_field = "code"
    lookup_value_regex = r"[-A-Za-z0-9_.]{1,20}"


@extend_schema_view(
    list=extend_schema(summary="Jalur sanksi beserta tingkatnya", tags=["katalog sanksi"]),
    retrieve=extend_schema(summary="Satu jalur sanksi", tags=["katalog sanksi"]),
)
class SanctionTrackViewSet(ReferenceViewSet):
    base_queryset = SanctionTrack.objects.prefetch_related("levels")
    serializer_class = SanctionTrackSerializer
    lookup_field = "code"
    lookup_value_regex = r"[-A-Za-z0-9_]{1,32}"


@extend_schema_view(
    list=extend_schema(summary="Tingkat sanksi", tags=["katalog sanksi"]),
    retrieve=extend_schema(summary="Satu tingkat sanksi", tags=["katalog sanksi"]),
)
class SanctionLevelViewSet(ReferenceViewSet):
    base_queryset = SanctionLevel.objects.select_related("track")
    serializer_class = SanctionLevelSerializer
    filterset_class = filtersets.SanctionLevelFilterSet
    lookup_field = "code"
    lookup_value_regex = r"[-A-Za-z0-9_]{1,40}"


@extend_schema_view(
    list=extend_schema(summary="Rekomendasi BKN dan keputusan PPK (perkara sesuai cakupan Anda)", tags=["perkara"]),
    retrieve=extend_schema(summary="Rekomendasi dan sanksi satu perkara", tags=["perkara"]),
)
class RecommendationViewSet(ScopedReadOnlyViewSet):
    base_queryset = Case.objects.filter(sanction_level__isnull=False).select_related("agency", "sanction_level")
    serializer_class = RecommendationSerializer
    filterset_class = filtersets.RecommendationFilterSet
    lookup_field = "number"
    lookup_value_regex = r"[-A-Za-z0-9_]{1,40}"

    def get_queryset(self) -> QuerySet[Any]:
        return super().get_queryset().prefetch_related("violation_types").order_by("-recommended_at", "-id")
