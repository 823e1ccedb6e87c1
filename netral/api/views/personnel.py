"""ASN registry look-up, for the roles that handle cases (not analysts, not the public)."""

from __future__ import annotations

from typing import Any, ClassVar

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from netral.accounts.choices import Role
from netral.agencies.models import Agency
from netral.api import filtersets
from netral.api.permissions import RoleAllowed
from netral.api.serializers.personnel import ASNCandidateSerializer, ASNMatchQuerySerializer, ASNSerializer
from netral.api.views.base import ScopedReadOnlyViewSet
from netral.personnel.lookup import match_person
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
    allowed_roles: ClassVar[set[str]] = {Role.SUPERVISOR, Role.BKN, Role.PPK}
    lookup_field = "identifier"
    lookup_value_regex = r"[0-9]{18}"

    @extend_schema(
        summary="Cocokkan nama yang disebut pelapor dengan registri (fuzzy, sesuai cakupan Anda)",
        tags=["registri"],
        parameters=[ASNMatchQuerySerializer],
        filters=False,
        responses={200: ASNCandidateSerializer(many=True)},
    )
    @action(detail=False, methods=["get"], filterset_class=None, pagination_class=None)
    def match(self, request: Request) -> Response:
        query = ASNMatchQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        q = query.validated_data
        agency = None
        if q.get("agency"):
            agency = Agency.objects.restrict(request.user).filter(code=q["agency"]).first()
            if agency is None:  # unknown or outside the caller's scope: nobody there to match
                return Response([])
        candidates = match_person(
            q["name"],
            agency=agency,
            position=q.get("position"),
            region_code=q.get("region"),
            limit=q["limit"],
            user=request.user,
        )
        return Response(ASNCandidateSerializer(candidates, many=True).data)
