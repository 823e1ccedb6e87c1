"""Webhook endpoints and their delivery log (administrators only)."""

from __future__ import annotations

from rest_framework import serializers

from netral.accounts.models import User
from netral.api.choices import WebhookEvent
from netral.api.fields import EnumField, EnumModelSerializer
from netral.api.filtersets import region_code_validator
from netral.api.models import WebhookDelivery, WebhookEndpoint, webhook_url_validator


class WebhookEndpointSerializer(EnumModelSerializer):
    events = serializers.ListField(
        child=EnumField(choices=WebhookEvent.choices, enum_name="WebhookEvent"), required=False, max_length=10
    )
    region_code = serializers.CharField(
        required=False, allow_blank=True, max_length=13, validators=[region_code_validator]
    )
    url = serializers.CharField(max_length=500, validators=[webhook_url_validator])
    owner = serializers.SlugRelatedField(
        slug_field="username", queryset=User.objects.filter(is_active=True), required=False, allow_null=True
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["id", "name", "url", "events", "active", "region_code", "owner", "created_at"]
        read_only_fields = ["id", "created_at"]


class WebhookEndpointCreatedSerializer(WebhookEndpointSerializer):
    """The answer to a create: the only time the signing secret is shown."""

    secret = serializers.CharField(read_only=True)

    class Meta(WebhookEndpointSerializer.Meta):
        fields = [*WebhookEndpointSerializer.Meta.fields, "secret"]


class WebhookDeliverySerializer(EnumModelSerializer):
    endpoint = serializers.PrimaryKeyRelatedField(read_only=True)
    payload = serializers.JSONField(read_only=True)

    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "endpoint",
            "event_id",
            "event",
            "case_number",
            "region_code",
            "status",
            "attempts",
            "response_code",
            "last_error",
            "next_attempt_at",
            "last_attempt_at",
            "delivered_at",
            "created_at",
            "payload",
        ]
        enum_names = {"event": "WebhookEvent", "status": "DeliveryStatus"}
