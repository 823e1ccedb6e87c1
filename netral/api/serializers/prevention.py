"""Prevention records: pledge texts, signatures and signing events, circulars, activities, venues.

A signature's certificate token is a bearer secret and is never serialised.
"""

from __future__ import annotations

from rest_framework import serializers

from netral.api.fields import EnumModelSerializer
from netral.prevention.models import (
    ApprovedVenue,
    Circular,
    PledgeEvent,
    PledgeSignature,
    PledgeText,
    PreventionActivity,
    VenueDecree,
)

CODE = {"slug_field": "code", "read_only": True}


class PledgeTextSerializer(EnumModelSerializer):
    agency = serializers.SlugRelatedField(allow_null=True, **CODE)

    class Meta:
        model = PledgeText
        enum_names = {"kind": "PledgeKind"}
        fields = ["id", "kind", "version", "title", "body", "effective_from", "agency", "region_code", "sha256"]


class PledgeSignatureSerializer(EnumModelSerializer):
    asn = serializers.SlugRelatedField(slug_field="identifier", read_only=True)
    asn_name = serializers.CharField(source="asn.name", read_only=True)
    text = serializers.PrimaryKeyRelatedField(read_only=True)
    election = serializers.SlugRelatedField(**CODE)
    agency = serializers.SlugRelatedField(**CODE)

    class Meta:
        model = PledgeSignature
        enum_names = {"channel": "SignatureChannel"}
        fields = [
            "id",
            "asn",
            "asn_name",
            "text",
            "text_sha256",
            "election",
            "signed_at",
            "channel",
            "agency",
            "region_code",
            "signature_hash",
        ]


class PledgeEventSerializer(EnumModelSerializer):
    agency = serializers.SlugRelatedField(**CODE)
    election = serializers.SlugRelatedField(allow_null=True, **CODE)
    stage = serializers.SlugRelatedField(allow_null=True, **CODE)
    text = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = PledgeEvent
        enum_names = {"kind": "PledgeKind"}
        fields = [
            "id",
            "agency",
            "kind",
            "text",
            "title",
            "date",
            "place",
            "participants_count",
            "notes",
            "region_code",
            "election",
            "stage",
            "created_at",
        ]


class CircularSerializer(EnumModelSerializer):
    agency = serializers.SlugRelatedField(**CODE)
    election = serializers.SlugRelatedField(allow_null=True, **CODE)
    stage = serializers.SlugRelatedField(allow_null=True, **CODE)

    class Meta:
        model = Circular
        fields = [
            "id",
            "agency",
            "number",
            "date",
            "subject",
            "signer_name",
            "signer_title",
            "addressees",
            "region_code",
            "election",
            "stage",
            "created_at",
        ]


class PreventionActivitySerializer(EnumModelSerializer):
    agency = serializers.SlugRelatedField(**CODE)
    election = serializers.SlugRelatedField(allow_null=True, **CODE)
    stage = serializers.SlugRelatedField(allow_null=True, **CODE)

    class Meta:
        model = PreventionActivity
        enum_names = {"kind": "ActivityKind"}
        fields = [
            "id",
            "agency",
            "kind",
            "title",
            "date",
            "place",
            "participants_count",
            "description",
            "region_code",
            "election",
            "stage",
            "created_at",
        ]


class ApprovedVenueSerializer(EnumModelSerializer):
    class Meta:
        model = ApprovedVenue
        fields = ["id", "name", "address", "notes"]


class VenueDecreeSerializer(EnumModelSerializer):
    agency = serializers.SlugRelatedField(**CODE)
    election = serializers.SlugRelatedField(allow_null=True, **CODE)
    venues = ApprovedVenueSerializer(many=True, read_only=True)

    class Meta:
        model = VenueDecree
        fields = [
            "id",
            "agency",
            "number",
            "date",
            "title",
            "region_code",
            "period_start",
            "period_end",
            "election",
            "venues",
            "created_at",
        ]
