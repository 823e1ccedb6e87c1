"""ASN registry look-up, for the roles that handle cases (not analysts, not the public)."""

from __future__ import annotations

from typing import Any, ClassVar

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.permissions import IsAuthenticated

from netral.api import filtersets
from netral.api.permissions import RoleAllowed
from netral.api.serializers.personnel import ASNSerializer
from netral.api.views.base import ScopedReadOnlyViewSet
from netral.personnel.models import ASN


@extend_schema_view(
    list=extend_schema(summary="Cari ASN di registri (pengawas, BKN, PPK)", tags=["registri"]),
    retrieve=extend_schema(summary="Satu ASN menurut NIP/NI PPPK", tags=["registri"]),
)
class ASNViewSet(ScopedReadOnlyViewSet):
    base_queryset = ASN.objects.select_related("agency", "unit")
    serializer_class = ASNSerializer
    filterset_class = filtersets.ASNFilterSet
    permission_classes: ClassVar[list[Any]] = [IsAuthenticated, RoleAllowed]
    allowed_roles: ClassVar[set[str]] = {"supervisor", "bkn", "ppk"}
    lookup_field = "identifier"
    lookup_value_regex = r"[0-9]{18}"
