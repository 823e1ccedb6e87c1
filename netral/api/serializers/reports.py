"""Reports and findings as officials see them through the API.

Reporters' personal data (name, NIK, address, phone, e-mail) is never serialised here: partner
systems do not need it, and the pages show it only to supervisors, with an audit record.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from netral.api.fields import EnumModelSerializer, UriField
from netral.reports import custody
from netral.reports.models import Evidence, Report


class EvidenceSerializer(EnumModelSerializer):
    url = UriField(max_length=1000)
    original_name = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text="Nama berkas asli; null bagi peran yang tidak boleh menerima berkas asli (selain pengawas).",
    )

    class Meta:
        model = Evidence
        fields = [
            "id",
            "kind",
            "url",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "display_sha256",
            "added_at",
            "added_later",
        ]

    def to_representation(self, instance: Evidence) -> dict[str, Any]:
        data: dict[str, Any] = super().to_representation(instance)
        if instance.pk not in self._originals(instance):
            # A file name can name the reporter ("IMG_rumah_siti.jpg"): only who may have the original sees it.
            data["original_name"] = None
        return data

    def _originals(self, instance: Evidence) -> set[int]:
        """Evidence of this report whose original the requesting user may have (one query per report)."""
        cache: dict[int, set[int]] = self.context.setdefault("_originals", {})
        if instance.report_id not in cache:
            request = self.context.get("request")
            user = getattr(request, "user", None)
            ids = list(Evidence.objects.filter(report_id=instance.report_id).values_list("pk", flat=True))
            cache[instance.report_id] = custody.originals_visible(user, ids)
        return cache[instance.report_id]


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
