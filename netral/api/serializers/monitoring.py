"""Monitoring items (news and social-media posts) with the triage engine's analysis."""

from __future__ import annotations

from rest_framework import serializers

from netral.api.fields import EnumModelSerializer, UriField
from netral.monitoring.models import Item


class MonitoringItemSerializer(EnumModelSerializer):
    source_url = UriField(read_only=True, allow_blank=True, max_length=1000)
    batch = serializers.PrimaryKeyRelatedField(read_only=True)
    duplicate_of = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    finding = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    acts = serializers.ListField(child=serializers.CharField(), read_only=True)
    region_codes = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Item
        enum_names = {
            "status": "MonitoringItemStatus",
            "kind": "MonitoringKind",
            "review": "MonitoringReview",
            "handling": "MonitoringHandling",
        }
        fields = [
            "id",
            "batch",
            "external_id",
            "source_url",
            "title",
            "text",
            "published_at",
            "platform",
            "status",
            "score",
            "relevant",
            "kind",
            "acts",
            "stage",
            "handling",
            "event_date",
            "region_codes",
            "region_code",
            "duplicate_of",
            "review",
            "finding",
            "engine_version",
            "analysed_at",
            "created_at",
        ]
