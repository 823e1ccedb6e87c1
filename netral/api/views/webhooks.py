"""Webhook endpoints and the delivery log, for administrators."""

from __future__ import annotations

from typing import Any, ClassVar

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from netral.api import filtersets, webhooks
from netral.api.models import WebhookDelivery, WebhookEndpoint
from netral.api.permissions import AdminOnly
from netral.api.serializers.webhooks import (
    WebhookDeliverySerializer,
    WebhookEndpointCreatedSerializer,
    WebhookEndpointSerializer,
)
from netral.api.views.base import NUMERIC_ID, ApiViewMixin
from netral.core import audit
from netral.core.models import ObjectChange


@extend_schema_view(
    list=extend_schema(summary="Daftar webhook mitra", tags=["webhook"]),
    retrieve=extend_schema(summary="Satu webhook", tags=["webhook"]),
    create=extend_schema(
        summary="Daftarkan webhook (rahasia penandatanganan hanya ditampilkan sekali)",
        tags=["webhook"],
        responses={201: WebhookEndpointCreatedSerializer},
    ),
    partial_update=extend_schema(summary="Ubah webhook", tags=["webhook"]),
    destroy=extend_schema(summary="Nonaktifkan webhook", tags=["webhook"]),
)
class WebhookEndpointViewSet(
    ApiViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,  # type: ignore[type-arg]
):
    permission_classes: ClassVar[list[Any]] = [IsAuthenticated, AdminOnly]
    serializer_class = WebhookEndpointSerializer
    queryset = WebhookEndpoint.objects.select_related("owner")
    http_method_names: ClassVar[list[str]] = ["get", "post", "patch", "delete", "head", "options"]  # type: ignore[misc]
    lookup_value_regex = NUMERIC_ID

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        endpoint = serializer.save()
        audit.log_change(endpoint, ObjectChange.Action.CREATE, None, user=request.user)
        return Response(WebhookEndpointCreatedSerializer(endpoint).data, status=status.HTTP_201_CREATED)

    def perform_update(self, serializer: BaseSerializer[Any]) -> None:
        before = audit.snapshot(serializer.instance)
        endpoint = serializer.save()
        audit.log_change(endpoint, ObjectChange.Action.UPDATE, before, user=self.request.user)

    def perform_destroy(self, instance: WebhookEndpoint) -> None:
        """Deactivate rather than delete: the delivery log keeps pointing at it."""
        before = audit.snapshot(instance)
        instance.active = False
        instance.save(update_fields=["active"])
        audit.log_change(instance, ObjectChange.Action.UPDATE, before, user=self.request.user)


@extend_schema_view(
    list=extend_schema(summary="Log pengiriman webhook", tags=["webhook"]),
    retrieve=extend_schema(summary="Satu pengiriman", tags=["webhook"]),
)
class WebhookDeliveryViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    permission_classes: ClassVar[list[Any]] = [IsAuthenticated, AdminOnly]
    serializer_class = WebhookDeliverySerializer
    queryset = WebhookDelivery.objects.select_related("endpoint")
    filterset_class = filtersets.WebhookDeliveryFilterSet
    lookup_value_regex = NUMERIC_ID

    @extend_schema(
        summary="Kirim ulang (masuk antrean lagi dengan ID peristiwa yang sama)",
        tags=["webhook"],
        request=None,
        responses={202: OpenApiResponse(WebhookDeliverySerializer)},
    )
    @action(detail=True, methods=["post"])
    def redeliver(self, request: Request, pk: str | None = None) -> Response:
        delivery = self.get_object()
        webhooks.redeliver(delivery)
        delivery.refresh_from_db()
        return Response(WebhookDeliverySerializer(delivery).data, status=status.HTTP_202_ACCEPTED)
