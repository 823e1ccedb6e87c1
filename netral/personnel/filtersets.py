"""Filters of the registry list (agency, unit, employment type, position class, name)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from netral.agencies.models import Agency
from netral.personnel.choices import EmploymentType, PositionClass
from netral.personnel.identifiers import clean_identifier
from netral.personnel.models import ASN
from netral.personnel.names import normalize_name
from netral.personnel.selectors import visible_agencies

if TYPE_CHECKING:
    from netral.core.types import User


class ASNFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Nama atau NIP"), method="filter_q")
    agency = django_filters.ModelChoiceFilter(label=_("Instansi"), queryset=Agency.objects.none())
    unit = django_filters.CharFilter(label=_("Unit kerja"), field_name="unit__name", lookup_expr="icontains")
    employment_type = django_filters.ChoiceFilter(label=_("Jenis kepegawaian"), choices=EmploymentType.choices)
    position_class = django_filters.ChoiceFilter(label=_("Kelas jabatan"), choices=PositionClass.choices)
    active = django_filters.BooleanFilter(label=_("Aktif"))

    class Meta:
        model = ASN
        fields = ["q", "agency", "unit", "employment_type", "position_class", "active"]

    def __init__(self, *args: Any, user: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["agency"].queryset = visible_agencies(user)

    def filter_q(self, queryset: QuerySet[ASN], name: str, value: str) -> QuerySet[ASN]:
        digits = clean_identifier(value)
        if digits.isdigit() and len(digits) >= 6:
            return queryset.filter(identifier__startswith=digits)
        normalized = normalize_name(value)
        for token in normalized.split():
            queryset = queryset.filter(name_normalized__contains=token)
        return queryset
