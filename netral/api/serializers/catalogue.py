"""The sanction catalogue: violation types (SKB 2022 tables, PP 94/2021), tracks and levels."""

from __future__ import annotations

from rest_framework import serializers

from netral.api.fields import EnumModelSerializer
from netral.cases.models import SanctionLevel, SanctionTrack, ViolationType


class SanctionLevelSerializer(EnumModelSerializer):
    track = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = SanctionLevel
        fields = ["code", "track", "severity", "name_id", "name_en", "months", "legal_basis", "order"]


class SanctionTrackSerializer(EnumModelSerializer):
    levels = SanctionLevelSerializer(many=True, read_only=True)

    class Meta:
        model = SanctionTrack
        enum_names = {"kind": "TrackKind"}
        fields = ["code", "kind", "employment", "name_id", "name_en", "legal_basis", "levels"]


class ViolationTypeSerializer(EnumModelSerializer):
    class Meta:
        model = ViolationType
        enum_names = {"track": "TrackKind"}
        fields = ["code", "table", "title_id", "title_en", "track", "note"]
