"""The ASN registry look-up."""

from __future__ import annotations

from rest_framework import serializers

from netral.api.fields import EnumModelSerializer
from netral.personnel.models import ASN


class ASNSerializer(EnumModelSerializer):
    agency = serializers.SlugRelatedField(slug_field="code", read_only=True)
    unit = serializers.StringRelatedField(read_only=True, allow_null=True)  # type: ignore[var-annotated]

    class Meta:
        model = ASN
        fields = [
            "identifier",
            "employment_type",
            "name",
            "position",
            "position_class",
            "agency",
            "unit",
            "region_code",
            "active",
        ]
