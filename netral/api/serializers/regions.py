"""Reference data: regions, elections and their stages, agencies."""

from __future__ import annotations

from rest_framework import serializers

from netral.agencies.models import Agency
from netral.api.fields import EnumModelSerializer
from netral.regions.models import Election, Region, Stage


class RegionSerializer(EnumModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Region
        fields = ["code", "name", "level", "kind", "parent"]


class StageSerializer(EnumModelSerializer):
    election = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Stage
        fields = ["id", "election", "code", "name_id", "name_en", "start", "end", "vulnerable", "triage_stage", "order"]


class ElectionSerializer(EnumModelSerializer):
    class Meta:
        model = Election
        fields = ["code", "kind", "year", "name_id", "name_en", "voting_date", "regulation"]


class ElectionDetailSerializer(ElectionSerializer):
    stages = StageSerializer(many=True, read_only=True)

    class Meta(ElectionSerializer.Meta):
        fields = [*ElectionSerializer.Meta.fields, "stages"]


class AgencySerializer(EnumModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Agency
        fields = ["code", "name", "kind", "region", "region_code", "asn_headcount"]
