"""Cases, their legal timeline, and the transition request."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from netral.api.fields import EnumField, EnumModelSerializer
from netral.cases.choices import CaseStatus, FollowUpAction, NotRegisteredReason, Route
from netral.cases.models import Case, CaseTransition


class CaseSerializer(EnumModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    agency = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    election = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    stage = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    violation_types = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    sanction_level = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    merged_into = serializers.SlugRelatedField(slug_field="number", read_only=True, allow_null=True)

    class Meta:
        model = Case
        enum_names = {"status": "CaseStatus", "route": "Route", "follow_up_action": "FollowUpAction"}
        fields = [
            "number",
            "registration_number",
            "status",
            "title",
            "subject_kind",
            "region",
            "region_code",
            "agency",
            "election",
            "stage",
            "occurred_on",
            "known_on",
            "route",
            "recommending_body",
            "deadline_rule",
            "deadline_at",
            "received_at",
            "registered_at",
            "not_registered_reason",
            "decided_at",
            "forwarded_at",
            "gakkumdu_submitted_at",
            "gakkumdu_returned_at",
            "gakkumdu_complete_at",
            "gakkumdu_court_at",
            "court_case_number",
            "violation_types",
            "sanction_level",
            "recommended_at",
            "decree_number",
            "decree_date",
            "follow_up_action",
            "reprimanded_at",
            "data_blocked",
            "closed_at",
            "merged_into",
            "created_at",
            "updated_at",
        ]


class CaseListSerializer(EnumModelSerializer):
    """A list row: what a queue or a partner's sync needs; the detail has everything else.

    Serialising a page of 50 full cases costs several times this (a third of the response time).
    """

    agency = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Case
        enum_names = {"status": "CaseStatus", "route": "Route"}
        fields = [
            "number",
            "status",
            "title",
            "subject_kind",
            "region_code",
            "agency",
            "route",
            "deadline_rule",
            "deadline_at",
            "created_at",
            "updated_at",
        ]


class CaseTransitionSerializer(EnumModelSerializer):
    case = serializers.SlugRelatedField(slug_field="number", read_only=True)

    class Meta:
        model = CaseTransition
        fields = ["id", "case", "from_status", "to_status", "at", "user_name", "reason", "data"]
        enum_names = {"from_status": "CaseStatus", "to_status": "CaseStatus"}


class DateOrDateTimeField(serializers.Field):  # type: ignore[type-arg]
    """An ISO date ("2024-10-01") or date-time, for acts entered later from the paper record."""

    default_error_messages = {"invalid": gettext_lazy("Tanggal/waktu ISO 8601 tidak sah.")}

    def to_internal_value(self, data: Any) -> datetime.date | datetime.datetime:
        if not isinstance(data, str) or len(data) > 40:
            self.fail("invalid")
        try:
            return datetime.date.fromisoformat(data) if len(data) == 10 else datetime.datetime.fromisoformat(data)
        except ValueError:
            self.fail("invalid")
        raise AssertionError("unreachable: fail() raises")

    def to_representation(self, value: Any) -> str:
        return value.isoformat()


@extend_schema_field({"type": "string", "description": "Tanggal (YYYY-MM-DD) atau waktu ISO 8601."})
class ActedOnField(DateOrDateTimeField):
    pass


class TransitionRequestSerializer(serializers.Serializer[dict[str, Any]]):
    """``{to_status, reason, ...fields}``: which fields a step needs is decided by the workflow table.

    Unknown keys are refused here (400); whether this move is allowed now is the workflow's call (409).
    """

    to_status = EnumField(choices=CaseStatus.choices, enum_name="CaseStatus")
    reason = serializers.CharField(required=False, allow_blank=True, max_length=4000, default="")
    registration_number = serializers.CharField(required=False, max_length=60)
    not_registered_reason = EnumField(
        choices=NotRegisteredReason.choices, enum_name="NotRegisteredReason", required=False
    )
    route = EnumField(choices=Route.choices, enum_name="Route", required=False)
    violation_types = serializers.ListField(
        child=serializers.CharField(max_length=20), required=False, max_length=20, help_text="Kode jenis pelanggaran"
    )
    sanction_level = serializers.CharField(required=False, max_length=40, help_text="Kode tingkat sanksi")
    decree_number = serializers.CharField(required=False, max_length=120)
    decree_date = serializers.DateField(required=False)
    follow_up_action = EnumField(choices=FollowUpAction.choices, enum_name="FollowUpAction", required=False)
    court_case_number = serializers.CharField(required=False, max_length=60)
    acted_on = ActedOnField(required=False)

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise serializers.ValidationError({"non_field_errors": [_("Badan permintaan harus berupa objek JSON.")]})
        unknown = [k for k in data if k not in self.fields]
        if unknown:
            raise serializers.ValidationError(
                {str(k): [_("Isian ini tidak dikenal oleh alur kerja.")] for k in unknown}
            )
        validated = super().to_internal_value(data)
        validated["fields"] = {k: v for k, v in validated.items() if k not in ("to_status", "reason")}
        return validated


class RecommendationSerializer(EnumModelSerializer):
    """A case at or after BKN's recommendation: the sanction asked for and the PPK's decree."""

    agency = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    sanction_level = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    violation_types = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Case
        enum_names = {"status": "CaseStatus", "follow_up_action": "FollowUpAction"}
        fields = [
            "number",
            "status",
            "region_code",
            "agency",
            "recommending_body",
            "violation_types",
            "sanction_level",
            "recommended_at",
            "decree_number",
            "decree_date",
            "follow_up_action",
            "reprimanded_at",
            "data_blocked",
            "deadline_at",
        ]
