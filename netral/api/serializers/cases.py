"""Cases, their legal timeline, and the transition request."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from netral.api.fields import EnumField, EnumModelSerializer
from netral.cases.choices import CaseStatus
from netral.cases.models import Case, CaseTransition


class CaseSerializer(EnumModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    agency = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    election = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    stage = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Case
        enum_names = {"status": "CaseStatus"}
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
            "created_at",
            "updated_at",
        ]


class CaseTransitionSerializer(EnumModelSerializer):
    case = serializers.SlugRelatedField(slug_field="number", read_only=True)

    class Meta:
        model = CaseTransition
        fields = ["id", "case", "from_status", "to_status", "at", "user_name", "reason", "data"]
        enum_names = {"from_status": "CaseStatus", "to_status": "CaseStatus"}


class TransitionRequestSerializer(serializers.Serializer[dict[str, Any]]):
    """``{to_status, reason, ...fields}``: extra keys go to the cases service, which checks them."""

    to_status = EnumField(choices=CaseStatus.choices, enum_name="CaseStatus")
    reason = serializers.CharField(required=False, allow_blank=True, max_length=4000, default="")

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise serializers.ValidationError({"non_field_errors": ["Badan permintaan harus berupa objek JSON."]})
        validated = super().to_internal_value(data)
        extra = {k: v for k, v in data.items() if k not in self.fields}
        bad = [k for k in extra if not isinstance(k, str) or not k.isidentifier() or k.startswith("_")]
        if bad:
            raise serializers.ValidationError({k: ["Nama isian tidak sah."] for k in bad})
        validated["fields"] = extra
        return validated
