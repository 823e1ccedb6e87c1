"""Read-only admin views of the inbox (changes go through the services, never the admin)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from netral.monitoring.models import Batch, Feedback, Item


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Batch)
class BatchAdmin(ReadOnlyAdmin):
    list_display = ("id", "source_kind", "file_name", "uploaded_by", "status", "total", "errors", "created_at")
    list_filter = ("status", "source_kind")


@admin.register(Item)
class ItemAdmin(ReadOnlyAdmin):
    list_display = ("id", "batch", "title", "status", "score", "kind", "region_code", "duplicate_of", "review")
    list_filter = ("status", "kind", "review")
    search_fields = ("title", "external_id")


@admin.register(Feedback)
class FeedbackAdmin(ReadOnlyAdmin):
    list_display = ("id", "item", "user", "verdict", "kind", "created_at")
    list_filter = ("verdict",)
