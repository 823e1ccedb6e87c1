"""Reports and findings (read-only through the API; intake has its own public endpoint)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view

from netral.api import filtersets
from netral.api.pagination import IdCursorPagination
from netral.api.serializers.reports import ReportDetailSerializer, ReportSerializer
from netral.api.views.base import NUMERIC_ID, ScopedReadOnlyViewSet
from netral.reports.models import Report


@extend_schema_view(
    list=extend_schema(summary="Daftar laporan dan temuan", tags=["laporan"]),
    retrieve=extend_schema(summary="Satu laporan/temuan beserta buktinya", tags=["laporan"]),
)
class ReportViewSet(ScopedReadOnlyViewSet):
    base_queryset = Report.objects.select_related("case", "subject_agency", "election", "region")
    filterset_class = filtersets.ReportFilterSet
    pagination_class = IdCursorPagination  # one report per case: a million rows too, so no COUNT(*)
    lookup_value_regex = NUMERIC_ID

    def get_serializer_class(self) -> type[ReportSerializer]:
        return ReportDetailSerializer if self.action == "retrieve" else ReportSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        qs = super().get_queryset()
        return qs.prefetch_related("evidence") if self.action == "retrieve" else qs
