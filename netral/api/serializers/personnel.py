"""The ASN registry look-up."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers

from netral.api.fields import EnumModelSerializer
from netral.api.filtersets import NO_NUL
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


class ASNMatchQuerySerializer(serializers.Serializer[dict[str, Any]]):
    """Query of the fuzzy look-up: who the reporter named, and what else they said about them."""

    name = serializers.RegexField(
        NO_NUL, min_length=3, max_length=200, trim_whitespace=False, help_text="Nama yang disebut pelapor"
    )
    agency = serializers.RegexField(r"^[-a-zA-Z0-9_]{1,40}$", required=False, help_text="Kode instansi")
    position = serializers.RegexField(
        NO_NUL, required=False, min_length=1, max_length=200, trim_whitespace=False, help_text="Jabatan yang disebut"
    )
    region = serializers.RegexField(
        r"^[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?$", required=False, help_text="Kode wilayah"
    )
    limit = serializers.IntegerField(required=False, min_value=1, max_value=20, default=5)

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        # A form-encoded empty value would silently mean "default"; refuse it as the filters do.
        empty = [name for name in self.fields if hasattr(data, "getlist") and "" in data.getlist(name)]
        if empty:
            raise serializers.ValidationError({name: [_("Nilai tidak boleh kosong.")] for name in empty})
        return super().to_internal_value(data)


class ASNCandidateSerializer(serializers.Serializer[Any]):
    asn = ASNSerializer(read_only=True)
    score = serializers.FloatField(read_only=True)
    name_score = serializers.FloatField(read_only=True)
    reasons = serializers.ListField(child=serializers.CharField(), read_only=True)
