"""Admin: the sanction catalogue is browsable; cases and their timeline are read-only here
(every write goes through ``cases.services`` so it is scoped, audited and timelined)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from netral.cases.models import (
    Case,
    CaseTransition,
    DeadlineReminder,
    SanctionLevel,
    SanctionTrack,
    ViolationMapping,
    ViolationType,
)


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ("number", "status", "subject_kind", "region_code", "agency", "deadline_rule", "deadline_at")
    list_filter = ("status", "subject_kind", "route")
    search_fields = ("number", "registration_number")


@admin.register(CaseTransition)
class CaseTransitionAdmin(ReadOnlyAdmin):
    list_display = ("case", "from_status", "to_status", "at", "user_name")
    list_filter = ("to_status",)


@admin.register(DeadlineReminder)
class DeadlineReminderAdmin(ReadOnlyAdmin):
    list_display = ("case", "rule", "kind", "deadline_at", "sent_at")


class MappingInline(admin.TabularInline):  # type: ignore[type-arg]
    model = ViolationMapping
    extra = 0
    fields = ("track", "default_level", "disputed", "note")
    readonly_fields = fields
    can_delete = False


@admin.register(ViolationType)
class ViolationTypeAdmin(ReadOnlyAdmin):
    """Edit reference/sanctions.json and run load_sanctions instead: the file is the source."""

    list_display = ("code", "title_id", "track", "table")
    list_filter = ("track", "table")
    inlines = [MappingInline]


@admin.register(SanctionTrack)
class SanctionTrackAdmin(ReadOnlyAdmin):
    list_display = ("code", "name_id", "kind", "employment")


@admin.register(SanctionLevel)
class SanctionLevelAdmin(ReadOnlyAdmin):
    list_display = ("code", "name_id", "track", "severity", "months")
    list_filter = ("track", "severity")
