"""Regions, elections and stages (reference data), agencies (scoped)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view

from netral.agencies.models import Agency
from netral.api import filtersets
from netral.api.serializers.regions import (
    AgencySerializer,
    ElectionDetailSerializer,
    ElectionSerializer,
    RegionSerializer,
    StageSerializer,
)
from netral.api.views.base import NUMERIC_ID, ReferenceViewSet, ScopedReadOnlyViewSet
from netral.regions.models import Election, Region, Stage

CODE = OpenApiParameter("code", str, OpenApiParameter.PATH, description="Kode Kemendagri bertitik, mis. 32.79")


@extend_schema_view(
    list=extend_schema(summary="Daftar wilayah", tags=["referensi"]),
    retrieve=extend_schema(summary="Satu wilayah", tags=["referensi"], parameters=[CODE]),
)
class RegionViewSet(ReferenceViewSet):
    base_queryset = Region.objects.select_related("parent")
    serializer_class = RegionSerializer
    filterset_class = filtersets.RegionFilterSet
    lookup_field = "code"
    lookup_value_regex = r"[0-9.]{2,13}"


@extend_schema_view(
    list=extend_schema(summary="Daftar pemilihan", tags=["referensi"]),
    retrieve=extend_schema(summary="Satu pemilihan beserta tahapannya", tags=["referensi"]),
)
class ElectionViewSet(ReferenceViewSet):
    base_queryset = Election.objects.all()
    filterset_class = filtersets.ElectionFilterSet
    lookup_field = "code"
    lookup_value_regex = r"[-a-zA-Z0-9_]{1,32}"

    def get_serializer_class(self) -> type[ElectionSerializer]:
        return ElectionDetailSerializer if self.action == "retrieve" else ElectionSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        qs = super().get_queryset()
        return qs.prefetch_related("stages") if self.action == "retrieve" else qs


@extend_schema_view(
    list=extend_schema(summary="Daftar tahapan pemilihan", tags=["referensi"]),
    retrieve=extend_schema(summary="Satu tahapan", tags=["referensi"]),
)
class StageViewSet(ReferenceViewSet):
    base_queryset = Stage.objects.select_related("election")
    serializer_class = StageSerializer
    filterset_class = filtersets.StageFilterSet
    lookup_value_regex = NUMERIC_ID


@extend_schema_view(
    list=extend_schema(summary="Daftar instansi (sesuai cakupan Anda)", tags=["referensi"]),
    retrieve=extend_schema(summary="Satu instansi", tags=["referensi"]),
)
class AgencyViewSet(ScopedReadOnlyViewSet):
    base_queryset = Agency.objects.select_related("region")
    serializer_class = AgencySerializer
    filterset_class = filtersets.AgencyFilterSet
    lookup_field = "code"
    lookup_value_regex = r"[-a-zA-Z0-9_.]{1,40}"  # regional governments: pemda-32.79
