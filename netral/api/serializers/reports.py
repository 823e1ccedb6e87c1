"""Reports and findings as officials see them through the API.

Reporters' personal data (name, NIK, address, phone, e-mail) is never serialised here: partner
systems do not need it, and the pages show it only to supervisors, with an audit record.
"""

from __future__ import annotations

from rest_framework import serializers

from netral.api.fields import EnumModelSerializer
from netral.reports.models import Evidence, Report


class EvidenceSerializer(EnumModelSerializer):
    class Meta:
        model = Evidence
        fields = ["id", "kind", "url", "original_name", "content_type", "size", "sha256", "added_at", "added_later"]


class ReportSerializer(EnumModelSerializer):
    case = serializers.SlugRelatedField(slug_field="number", read_only=True, allow_null=True)
    subject_agency = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    election = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Report
        fields = [
            "id",
            "kind",
            "case",
            "submitted_at",
            "subject_kind",
            "subject_name",
            "subject_position",
            "subject_agency_name",
            "subject_agency",
            "description",
            "occurred_on",
            "known_on",
            "region",
            "region_code",
            "place",
            "election",
            "identity",
            "is_late",
            "formal_missing",
            "material_missing",
            "initial_information",
        ]


class ReportDetailSerializer(ReportSerializer):
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta(ReportSerializer.Meta):
        fields = [*ReportSerializer.Meta.fields, "evidence"]
