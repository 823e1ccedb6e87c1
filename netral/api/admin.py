"""Django admin for webhook endpoints (the signing secret is never displayed) and deliveries."""

from __future__ import annotations

from django.contrib import admin

from netral.api.models import WebhookDelivery, WebhookEndpoint


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "url", "region_code", "owner", "active", "created_at"]
    list_filter = ["active"]
    exclude = ["secret"]
    search_fields = ["name", "url"]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["created_at", "endpoint", "event", "case_number", "status", "attempts", "response_code"]
    list_filter = ["status", "event"]
    search_fields = ["case_number", "event_id"]
    readonly_fields = [f.name for f in WebhookDelivery._meta.fields]
