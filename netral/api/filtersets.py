"""django-filter FilterSets of the API. Bad values answer 400 with the reason (never a 500).

Related rows are filtered by natural keys (region code, agency code, election code), never by
database ids, and codes are checked against a pattern before they reach the database.
"""

from __future__ import annotations

import datetime
from typing import Any

import django_filters as filters
from django import forms
from django.core.validators import RegexValidator
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.drainage import has_override, set_override
from drf_spectacular.utils import extend_schema_field

from netral.agencies.choices import AgencyKind
from netral.agencies.models import Agency
from netral.api.choices import DeliveryStatus, WebhookEvent
from netral.api.models import WebhookDelivery
from netral.cases.choices import CaseStatus, Route, SubjectKind, TrackKind
from netral.cases.models import Case, CaseTransition, SanctionLevel, ViolationType
from netral.core.scoping import region_prefix_q
from netral.monitoring.choices import Handling, ItemStatus
from netral.monitoring.choices import Kind as MonitoringKind
from netral.monitoring.models import Item
from netral.personnel.choices import EmploymentType
from netral.personnel.models import ASN
from netral.prevention.choices import ActivityKind, PledgeKind, SignatureChannel
from netral.prevention.models import (
    Circular,
    PledgeEvent,
    PledgeSignature,
    PledgeText,
    PreventionActivity,
    VenueDecree,
)
from netral.regions.choices import ElectionKind, RegionLevel
from netral.regions.models import Election, Region, Stage
from netral.reports.choices import ReportKind
from netral.reports.models import Report

region_code_validator = RegexValidator(
    r"^[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?$", _("Kode wilayah Kemendagri tidak sah.")
)
# Codes are slugs, and agency codes may hold dots too (pemda-32.79).
slug_validator = RegexValidator(r"^[-a-zA-Z0-9_.]{1,40}$", _("Kode tidak sah."))


# Dates outside this range cannot describe a case; clamping keeps year-1 inputs from overflowing
# the time-zone conversion (a 500) while leaving every meaningful query unchanged.
EARLIEST = datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC)
LATEST = datetime.datetime(2200, 1, 1, tzinfo=datetime.UTC)


def clamp_date(value: datetime.date) -> datetime.date:
    return min(max(value, EARLIEST.date()), LATEST.date())


def clamp_datetime(value: datetime.datetime) -> datetime.datetime:
    if timezone.is_naive(value):
        value = value.replace(tzinfo=datetime.UTC)
    if value < EARLIEST:
        return EARLIEST
    if value > LATEST:
        return LATEST
    return value


class SafeDateFilter(filters.DateFilter):
    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        return super().filter(qs, clamp_date(value) if value else value)


class SafeDateTimeFilter(filters.IsoDateTimeFilter):
    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        return super().filter(qs, clamp_datetime(value) if value else value)


class StrictBooleanField(forms.Field):
    """``true`` or ``false`` only: django-filter's default turns any other text into "no filter"."""

    default_error_messages = {"invalid": _("Isi dengan true atau false.")}

    def to_python(self, value: Any) -> bool | None:
        if value in (None, ""):
            return None
        if value in ("true", "false"):
            return value == "true"
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


@extend_schema_field({"type": "boolean"})
class BooleanFilter(filters.BooleanFilter):
    field_class = StrictBooleanField


class IntegerFilter(filters.NumberFilter):
    """Whole numbers only (django-filter's NumberFilter takes 5.5 and the database rounds it)."""

    field_class = forms.IntegerField


class RegionCodeFilter(filters.CharFilter):
    """Rows in a region or anywhere under it ("32" matches "32.79.01")."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("validators", [region_code_validator])
        kwargs.setdefault("label", _("Kode wilayah (termasuk di bawahnya)"))
        super().__init__(*args, **kwargs)

    def filter(self, qs: QuerySet[Any], value: str) -> QuerySet[Any]:
        if not value:
            return qs
        return qs.filter(region_prefix_q(self.field_name, value))


class SlugFilter(filters.CharFilter):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("validators", [slug_validator])
        super().__init__(*args, **kwargs)


class RegionFilterSet(filters.FilterSet):
    level = filters.TypedChoiceFilter(choices=RegionLevel.choices, coerce=int, label=_("Tingkat"))
    parent = filters.CharFilter(
        field_name="parent__code", validators=[region_code_validator], label=_("Kode wilayah induk")
    )
    within = RegionCodeFilter(field_name="code", label=_("Di dalam wilayah (kode)"))
    q = filters.CharFilter(field_name="name", lookup_expr="icontains", max_length=100, label=_("Nama memuat"))

    class Meta:
        model = Region
        fields = ["level", "kind"]


class ElectionFilterSet(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=ElectionKind.choices, label=_("Jenis"))
    year = IntegerFilter(min_value=1955, max_value=2100, label=_("Tahun"))

    class Meta:
        model = Election
        fields = ["kind", "year"]


class StageFilterSet(filters.FilterSet):
    election = SlugFilter(field_name="election__code", label=_("Kode pemilihan"))
    vulnerable = BooleanFilter(label=_("Tahap rawan"))
    on = SafeDateFilter(method="filter_on", label=_("Berlangsung pada tanggal"))

    class Meta:
        model = Stage
        fields = ["election", "vulnerable"]

    def filter_on(self, qs: QuerySet[Stage], name: str, value: Any) -> QuerySet[Stage]:
        return qs.filter(start__lte=value, end__gte=value)


class AgencyFilterSet(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=AgencyKind.choices, label=_("Jenis"))
    region = RegionCodeFilter(field_name="region_code")
    q = filters.CharFilter(field_name="name", lookup_expr="icontains", max_length=100, label=_("Nama memuat"))

    class Meta:
        model = Agency
        fields = ["kind"]


class ReportFilterSet(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=ReportKind.choices, label=_("Jenis (laporan/temuan)"))
    region = RegionCodeFilter(field_name="region_code")
    agency = SlugFilter(field_name="subject_agency__code", label=_("Kode instansi terlapor"))
    election = SlugFilter(field_name="election__code", label=_("Kode pemilihan"))
    case = filters.CharFilter(field_name="case__number", max_length=40, label=_("Nomor perkara"))
    subject_kind = filters.ChoiceFilter(choices=SubjectKind.choices, label=_("Jenis terlapor"))
    submitted_after = SafeDateFilter(field_name="submitted_at__date", lookup_expr="gte", label=_("Diterima sejak"))
    submitted_before = SafeDateFilter(field_name="submitted_at__date", lookup_expr="lte", label=_("Diterima sampai"))
    is_late = BooleanFilter(label=_("Melewati 7 hari"))

    class Meta:
        model = Report
        fields = ["kind", "is_late"]


class CaseFilterSet(filters.FilterSet):
    status = filters.MultipleChoiceFilter(choices=CaseStatus.choices, distinct=False, label=_("Status"))
    region = RegionCodeFilter(field_name="region_code")
    agency = SlugFilter(field_name="agency__code", label=_("Kode instansi terlapor"))
    election = SlugFilter(field_name="election__code", label=_("Kode pemilihan"))
    route = filters.ChoiceFilter(choices=Route.choices, label=_("Jalur penerusan"))
    subject_kind = filters.ChoiceFilter(choices=SubjectKind.choices, label=_("Jenis terlapor"))
    created_after = SafeDateFilter(field_name="created_at__date", lookup_expr="gte", label=_("Dibuat sejak"))
    created_before = SafeDateFilter(field_name="created_at__date", lookup_expr="lte", label=_("Dibuat sampai"))
    deadline_before = SafeDateTimeFilter(field_name="deadline_at", lookup_expr="lte", label=_("Tenggat sebelum"))
    q = filters.CharFilter(method="filter_q", max_length=100, label=_("Nomor atau ringkasan memuat"))

    class Meta:
        model = Case
        fields = ["status", "route", "subject_kind"]

    def filter_q(self, qs: QuerySet[Case], name: str, value: str) -> QuerySet[Case]:
        value = value.strip()
        if not value:
            return qs
        return qs.filter(Q(number__iexact=value) | Q(title__icontains=value))


class CaseTransitionFilterSet(filters.FilterSet):
    to_status = filters.MultipleChoiceFilter(choices=CaseStatus.choices, distinct=False, label=_("Status tujuan"))
    after = SafeDateTimeFilter(field_name="at", lookup_expr="gte", label=_("Sejak"))

    class Meta:
        model = CaseTransition
        fields = ["to_status"]


class ASNFilterSet(filters.FilterSet):
    identifier = filters.CharFilter(
        validators=[RegexValidator(r"^[0-9]{18}$", _("NIP/NI PPPK terdiri dari 18 angka."))], label=_("NIP / NI PPPK")
    )
    name = filters.CharFilter(method="filter_name", min_length=3, max_length=100, label=_("Nama memuat"))
    agency = SlugFilter(field_name="agency__code", label=_("Kode instansi"))
    region = RegionCodeFilter(field_name="region_code")
    employment_type = filters.ChoiceFilter(choices=EmploymentType.choices, label=_("Jenis kepegawaian"))
    active = BooleanFilter(label=_("Aktif"))

    class Meta:
        model = ASN
        fields = ["employment_type", "active"]

    def filter_name(self, qs: QuerySet[ASN], name: str, value: str) -> QuerySet[ASN]:
        return qs.filter(name_normalized__icontains=" ".join(value.lower().split()))


class WebhookDeliveryFilterSet(filters.FilterSet):
    status = filters.ChoiceFilter(choices=DeliveryStatus.choices, label=_("Status"))
    event = filters.ChoiceFilter(choices=WebhookEvent.choices, label=_("Peristiwa"))
    endpoint = IntegerFilter(field_name="endpoint_id", min_value=1, max_value=2**31, label=_("ID webhook"))
    case = filters.CharFilter(field_name="case_number", max_length=40, label=_("Nomor perkara"))

    class Meta:
        model = WebhookDelivery
        fields = ["status", "event"]


class ViolationTypeFilterSet(filters.FilterSet):
    track = filters.ChoiceFilter(choices=TrackKind.choices, label=_("Jalur utama"))

    class Meta:
        model = ViolationType
        fields = ["track", "table"]


class SanctionLevelFilterSet(filters.FilterSet):
    track = SlugFilter(field_name="track__code", label=_("Kode jalur"))

    class Meta:
        model = SanctionLevel
        fields = ["severity"]


class RecommendationFilterSet(filters.FilterSet):
    status = filters.MultipleChoiceFilter(choices=CaseStatus.choices, distinct=False, label=_("Status"))
    agency = SlugFilter(field_name="agency__code", label=_("Kode instansi terlapor"))
    region = RegionCodeFilter(field_name="region_code")
    sanction_level = SlugFilter(field_name="sanction_level__code", label=_("Kode tingkat sanksi"))
    data_blocked = BooleanFilter(label=_("Data ASN diblokir"))

    class Meta:
        model = Case
        fields = ["status", "data_blocked"]


class AgencyRecordFilterSet(filters.FilterSet):
    """Shared filters of prevention records: agency, region, election and a date range."""

    agency = SlugFilter(field_name="agency__code", label=_("Kode instansi"))
    region = RegionCodeFilter(field_name="region_code")
    election = SlugFilter(field_name="election__code", label=_("Kode pemilihan"))
    date_after = SafeDateFilter(field_name="date", lookup_expr="gte", label=_("Sejak tanggal"))
    date_before = SafeDateFilter(field_name="date", lookup_expr="lte", label=_("Sampai tanggal"))


class PledgeTextFilterSet(filters.FilterSet):
    agency = SlugFilter(field_name="agency__code", label=_("Kode instansi"))
    kind = filters.ChoiceFilter(choices=PledgeKind.choices, label=_("Jenis"))

    class Meta:
        model = PledgeText
        fields = ["kind"]


class PledgeSignatureFilterSet(filters.FilterSet):
    agency = SlugFilter(field_name="agency__code", label=_("Kode instansi"))
    region = RegionCodeFilter(field_name="region_code")
    election = SlugFilter(field_name="election__code", label=_("Kode pemilihan"))
    asn = filters.CharFilter(
        field_name="asn__identifier",
        validators=[RegexValidator(r"^[0-9]{18}$", _("NIP/NI PPPK terdiri dari 18 angka."))],
        label=_("NIP / NI PPPK"),
    )
    channel = filters.ChoiceFilter(choices=SignatureChannel.choices, label=_("Saluran"))

    class Meta:
        model = PledgeSignature
        fields = ["channel"]


class PledgeEventFilterSet(AgencyRecordFilterSet):
    kind = filters.ChoiceFilter(choices=PledgeKind.choices, label=_("Jenis"))

    class Meta:
        model = PledgeEvent
        fields = ["kind"]


class CircularFilterSet(AgencyRecordFilterSet):
    class Meta:
        model = Circular
        fields: list[str] = []


class PreventionActivityFilterSet(AgencyRecordFilterSet):
    kind = filters.ChoiceFilter(choices=ActivityKind.choices, label=_("Jenis"))

    class Meta:
        model = PreventionActivity
        fields = ["kind"]


class VenueDecreeFilterSet(AgencyRecordFilterSet):
    class Meta:
        model = VenueDecree
        fields: list[str] = []


class MonitoringItemFilterSet(filters.FilterSet):
    status = filters.ChoiceFilter(choices=ItemStatus.choices, label=_("Status"))
    kind = filters.ChoiceFilter(choices=MonitoringKind.choices, label=_("Jenis"))
    handling = filters.ChoiceFilter(choices=Handling.choices, label=_("Tahap penanganan"))
    relevant = BooleanFilter(label=_("Relevan"))
    region = RegionCodeFilter(field_name="region_code")
    batch = IntegerFilter(field_name="batch_id", min_value=1, max_value=2**31, label=_("ID kiriman"))
    min_score = filters.NumberFilter(
        field_name="score", lookup_expr="gte", min_value=0.0, max_value=1.0, label=_("Skor minimal")
    )
    published_after = SafeDateTimeFilter(field_name="published_at", lookup_expr="gte", label=_("Terbit sejak"))

    class Meta:
        model = Item
        fields = ["status", "kind", "handling", "relevant"]


NO_NUL = "^[^\\u0000]*$"


def document_filters(filterset: type[filters.FilterSet]) -> None:
    """Put each filter's real constraints (pattern, lengths, bounds) into the OpenAPI schema.

    drf-spectacular reads only the type; without the constraints a schema-valid value (a
    too-long string, a year outside the allowed range) would be refused with a 400 that the
    schema did not announce, and schemathesis rightly flags that.
    """
    for flt in filterset.base_filters.values():
        if has_override(flt, "field"):
            continue
        extra = flt.extra
        schema: dict[str, Any]
        if isinstance(flt, filters.NumberFilter):
            schema = {"type": "integer" if isinstance(flt, IntegerFilter) else "number"}
            if extra.get("min_value") is not None:
                schema["minimum"] = extra["min_value"]
            if extra.get("max_value") is not None:
                schema["maximum"] = extra["max_value"]
        elif isinstance(flt, filters.DateFilter):
            schema = {"type": "string", "format": "date"}
        elif isinstance(flt, filters.DateTimeFilter):
            schema = {"type": "string", "format": "date-time"}
        elif type(flt) in (filters.CharFilter, RegionCodeFilter, SlugFilter):
            # Validate what was sent: a stripped " " would skip the pattern check and pass as "".
            extra["strip"] = False
            schema = {"type": "string", "pattern": NO_NUL, "minLength": extra.get("min_length") or 1}
            for validator in extra.get("validators", []):
                if isinstance(validator, RegexValidator):
                    regex = validator.regex
                    schema["pattern"] = regex if isinstance(regex, str) else regex.pattern
            if extra.get("max_length"):
                schema["maxLength"] = extra["max_length"]
        else:
            continue
        set_override(flt, "field", schema)


for _filterset in (
    RegionFilterSet,
    ElectionFilterSet,
    StageFilterSet,
    AgencyFilterSet,
    ReportFilterSet,
    CaseFilterSet,
    CaseTransitionFilterSet,
    ASNFilterSet,
    WebhookDeliveryFilterSet,
    ViolationTypeFilterSet,
    SanctionLevelFilterSet,
    RecommendationFilterSet,
    PledgeTextFilterSet,
    PledgeSignatureFilterSet,
    PledgeEventFilterSet,
    CircularFilterSet,
    PreventionActivityFilterSet,
    VenueDecreeFilterSet,
    MonitoringItemFilterSet,
):
    document_filters(_filterset)
