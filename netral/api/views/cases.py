"""Cases and their transitions.

``POST /api/v1/cases/{number}/transitions/`` hands ``{to_status, reason, ...fields}`` to
``cases.services.transition_case``; the workflow, not the API, decides what is allowed, and its
refusal comes back as 409 (the move is not allowed from this status) or 400 (a field is wrong).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from netral.api import filtersets
from netral.api.pagination import IdCursorPagination, StandardPagination
from netral.api.schema import CONFLICT
from netral.api.serializers.cases import (
    CaseListSerializer,
    CaseSerializer,
    CaseTransitionSerializer,
    TransitionRequestSerializer,
)
from netral.api.views.base import ScopedReadOnlyViewSet
from netral.cases.models import Case
from netral.cases.services import TransitionRefused, transition_case
from netral.core import context
from netral.core.scoping import get_scoped_or_404

NUMBER = OpenApiParameter("number", str, OpenApiParameter.PATH, description="Nomor perkara, mis. NTR-2024-000123")


def workflow_refusal(exc: TransitionRefused) -> tuple[int, dict[str, Any]]:
    """The workflow's refusal as (status, body): field errors are a 400, a refused move a 409."""
    errors = {k or "non_field_errors": [str(m) for m in v] for k, v in exc.errors.items()}
    if set(exc.errors) == {""}:
        return 409, {"detail": " ".join(errors["non_field_errors"])}
    return 400, errors


@extend_schema_view(
    list=extend_schema(summary="Daftar perkara (kursor, terbaru dulu)", tags=["perkara"]),
    retrieve=extend_schema(summary="Satu perkara", tags=["perkara"], parameters=[NUMBER]),
)
class CaseViewSet(ScopedReadOnlyViewSet):
    base_queryset = Case.objects.all()
    serializer_class = CaseSerializer
    filterset_class = filtersets.CaseFilterSet
    pagination_class = IdCursorPagination
    lookup_field = "number"
    lookup_value_regex = r"[-A-Za-z0-9_]{1,40}"
    write_model = Case

    def get_serializer_class(self) -> type[CaseSerializer] | type[CaseListSerializer]:
        return CaseListSerializer if self.action == "list" else CaseSerializer

    def get_queryset(self) -> QuerySet[Case]:
        qs = super().get_queryset()
        if self.action == "list":
            return qs.select_related("agency")
        return qs.select_related(
            "region", "agency", "election", "stage", "sanction_level", "merged_into"
        ).prefetch_related("violation_types")

    @extend_schema(
        methods=["GET"],
        summary="Riwayat (linimasa hukum) satu perkara",
        tags=["perkara"],
        parameters=[NUMBER],
        filters=False,
        responses={200: CaseTransitionSerializer(many=True)},
    )
    @extend_schema(
        methods=["POST"],
        summary="Ubah status perkara melalui alur kerja",
        tags=["perkara"],
        parameters=[NUMBER],
        request=TransitionRequestSerializer,
        responses={201: CaseTransitionSerializer, 409: CONFLICT},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="transitions",
        filterset_class=None,
        pagination_class=StandardPagination,
    )
    def transitions(self, request: Request, number: str | None = None) -> Response:
        if request.method == "GET":
            case = get_scoped_or_404(Case.objects.all(), request.user, "view", number=number)
            page = self.paginate_queryset(case.transitions.order_by("at", "id"))
            return self.get_paginated_response(CaseTransitionSerializer(page, many=True).data)
        return self._transition(request, number or "")

    def _transition(self, request: Request, number: str) -> Response:
        case = get_scoped_or_404(Case.objects.all(), request.user, "change", number=number)
        body = TransitionRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        rid = getattr(request._request, "request_id", None)
        try:
            with context.acting(request.user, request_id=rid):
                entry = transition_case(
                    case, data["to_status"], user=request.user, reason=data["reason"], **data["fields"]
                )
        except TransitionRefused as exc:
            code, payload = workflow_refusal(exc)
            return Response(payload, status=code)
        return Response(CaseTransitionSerializer(entry).data, status=status.HTTP_201_CREATED)
