"""Prevention records, read-only through the API (scoped: PPK their agency, supervisors their region)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view

from netral.api import filtersets
from netral.api.serializers.prevention import (
    CircularSerializer,
    PledgeEventSerializer,
    PledgeSignatureSerializer,
    PledgeTextSerializer,
    PreventionActivitySerializer,
    VenueDecreeSerializer,
)
from netral.api.views.base import NUMERIC_ID, ScopedReadOnlyViewSet
from netral.prevention.models import (
    Circular,
    PledgeEvent,
    PledgeSignature,
    PledgeText,
    PreventionActivity,
    VenueDecree,
)

TAG = ["pencegahan"]


@extend_schema_view(
    list=extend_schema(summary="Naskah ikrar/pakta integritas", tags=TAG),
    retrieve=extend_schema(summary="Satu naskah", tags=TAG),
)
class PledgeTextViewSet(ScopedReadOnlyViewSet):
    base_queryset = PledgeText.objects.select_related("agency").order_by("kind", "-version", "id")
    serializer_class = PledgeTextSerializer
    filterset_class = filtersets.PledgeTextFilterSet
    lookup_value_regex = NUMERIC_ID


@extend_schema_view(
    list=extend_schema(summary="Tanda tangan ikrar ASN", tags=TAG),
    retrieve=extend_schema(summary="Satu tanda tangan", tags=TAG),
)
class PledgeSignatureViewSet(ScopedReadOnlyViewSet):
    base_queryset = PledgeSignature.objects.select_related("asn", "election", "agency").order_by("-signed_at", "-id")
    serializer_class = PledgeSignatureSerializer
    filterset_class = filtersets.PledgeSignatureFilterSet
    lookup_value_regex = NUMERIC_ID


@extend_schema_view(
    list=extend_schema(summary="Kegiatan ikrar massal", tags=TAG),
    retrieve=extend_schema(summary="Satu kegiatan ikrar", tags=TAG),
)
class PledgeEventViewSet(ScopedReadOnlyViewSet):
    base_queryset = PledgeEvent.objects.select_related("agency", "election", "stage").order_by("-date", "-id")
    serializer_class = PledgeEventSerializer
    filterset_class = filtersets.PledgeEventFilterSet
    lookup_value_regex = NUMERIC_ID


@extend_schema_view(
    list=extend_schema(summary="Surat edaran netralitas", tags=TAG),
    retrieve=extend_schema(summary="Satu surat edaran", tags=TAG),
)
class CircularViewSet(ScopedReadOnlyViewSet):
    base_queryset = Circular.objects.select_related("agency", "election", "stage").order_by("-date", "-id")
    serializer_class = CircularSerializer
    filterset_class = filtersets.CircularFilterSet
    lookup_value_regex = NUMERIC_ID


@extend_schema_view(
    list=extend_schema(summary="Kegiatan pencegahan lain (sosialisasi, apel, imbauan)", tags=TAG),
    retrieve=extend_schema(summary="Satu kegiatan pencegahan", tags=TAG),
)
class PreventionActivityViewSet(ScopedReadOnlyViewSet):
    base_queryset = PreventionActivity.objects.select_related("agency", "election", "stage").order_by("-date", "-id")
    serializer_class = PreventionActivitySerializer
    filterset_class = filtersets.PreventionActivityFilterSet
    lookup_value_regex = NUMERIC_ID


@extend_schema_view(
    list=extend_schema(summary="Keputusan tempat kampanye yang diizinkan", tags=TAG),
    retrieve=extend_schema(summary="Satu keputusan beserta tempatnya", tags=TAG),
)
class VenueDecreeViewSet(ScopedReadOnlyViewSet):
    base_queryset = (
        VenueDecree.objects.select_related("agency", "election").prefetch_related("venues").order_by("-date", "-id")
    )
    serializer_class = VenueDecreeSerializer
    filterset_class = filtersets.VenueDecreeFilterSet
    lookup_value_regex = NUMERIC_ID
