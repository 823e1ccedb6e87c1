"""django-filter FilterSets of the API. Bad values answer 400 with the reason (never a 500).

Related rows are filtered by natural keys (region code, agency code, election code), never by
database ids, and codes are checked against a pattern before they reach the database.
"""

from __future__ import annotations

from typing import Any

import django_filters as filters
from django.core.validators import RegexValidator
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from netral.agencies.choices import AgencyKind
from netral.agencies.models import Agency
from netral.api.choices import DeliveryStatus, WebhookEvent
from netral.api.models import WebhookDelivery
from netral.cases.choices import CaseStatus, Route, SubjectKind, TrackKind
from netral.cases.models import Case, CaseTransition, SanctionLevel, ViolationType
from netral.core.scoping import region_prefix_q
from netral.personnel.choices import EmploymentType
from netral.personnel.models import ASN
from netral.regions.choices import ElectionKind, RegionLevel
from netral.regions.models import Election, Region, Stage
from netral.reports.choices import ReportKind
from netral.reports.models import Report

region_code_validator = RegexValidator(
    r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$", _("Kode wilayah Kemendagri tidak sah.")
)
slug_validator = RegexValidator(r"^[-a-zA-Z0-9_]{1,40}$", _("Kode tidak sah."))


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
    year = filters.NumberFilter(min_value=1955, max_value=2100, label=_("Tahun"))

    class Meta:
        model = Election
        fields = ["kind", "year"]


class StageFilterSet(filters.FilterSet):
    election = SlugFilter(field_name="election__code", label=_("Kode pemilihan"))
    vulnerable = filters.BooleanFilter(label=_("Tahap rawan"))
    on = filters.DateFilter(method="filter_on", label=_("Berlangsung pada tanggal"))

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
    submitted_after = filters.DateFilter(field_name="submitted_at__date", lookup_expr="gte", label=_("Diterima sejak"))
    submitted_before = filters.DateFilter(
        field_name="submitted_at__date", lookup_expr="lte", label=_("Diterima sampai")
    )
    is_late = filters.BooleanFilter(label=_("Melewati 7 hari"))

    class Meta:
        model = Report
        fields = ["kind", "is_late"]


class CaseFilterSet(filters.FilterSet):
    status = filters.MultipleChoiceFilter(choices=CaseStatus.choices, label=_("Status"))
    region = RegionCodeFilter(field_name="region_code")
    agency = SlugFilter(field_name="agency__code", label=_("Kode instansi terlapor"))
    election = SlugFilter(field_name="election__code", label=_("Kode pemilihan"))
    route = filters.ChoiceFilter(choices=Route.choices, label=_("Jalur penerusan"))
    subject_kind = filters.ChoiceFilter(choices=SubjectKind.choices, label=_("Jenis terlapor"))
    created_after = filters.DateFilter(field_name="created_at__date", lookup_expr="gte", label=_("Dibuat sejak"))
    created_before = filters.DateFilter(field_name="created_at__date", lookup_expr="lte", label=_("Dibuat sampai"))
    deadline_before = filters.DateTimeFilter(field_name="deadline_at", lookup_expr="lte", label=_("Tenggat sebelum"))
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
    to_status = filters.MultipleChoiceFilter(choices=CaseStatus.choices, label=_("Status tujuan"))
    after = filters.IsoDateTimeFilter(field_name="at", lookup_expr="gte", label=_("Sejak"))

    class Meta:
        model = CaseTransition
        fields = ["to_status"]


class ASNFilterSet(filters.FilterSet):
    identifier = filters.CharFilter(
        validators=[RegexValidator(r"^\d{18}$", _("NIP/NI PPPK terdiri dari 18 angka."))], label=_("NIP / NI PPPK")
    )
    name = filters.CharFilter(method="filter_name", min_length=3, max_length=100, label=_("Nama memuat"))
    agency = SlugFilter(field_name="agency__code", label=_("Kode instansi"))
    region = RegionCodeFilter(field_name="region_code")
    employment_type = filters.ChoiceFilter(choices=EmploymentType.choices, label=_("Jenis kepegawaian"))
    active = filters.BooleanFilter(label=_("Aktif"))

    class Meta:
        model = ASN
        fields = ["employment_type", "active"]

    def filter_name(self, qs: QuerySet[ASN], name: str, value: str) -> QuerySet[ASN]:
        return qs.filter(name_normalized__icontains=" ".join(value.lower().split()))


class WebhookDeliveryFilterSet(filters.FilterSet):
    status = filters.ChoiceFilter(choices=DeliveryStatus.choices, label=_("Status"))
    event = filters.ChoiceFilter(choices=WebhookEvent.choices, label=_("Peristiwa"))
    endpoint = filters.NumberFilter(field_name="endpoint_id", min_value=1, max_value=2**31, label=_("ID webhook"))
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
    status = filters.MultipleChoiceFilter(choices=CaseStatus.choices, label=_("Status"))
    agency = SlugFilter(field_name="agency__code", label=_("Kode instansi terlapor"))
    region = RegionCodeFilter(field_name="region_code")
    sanction_level = SlugFilter(field_name="sanction_level__code", label=_("Kode tingkat sanksi"))
    data_blocked = filters.BooleanFilter(label=_("Data ASN diblokir"))

    class Meta:
        model = Case
        fields = ["status", "data_blocked"]
