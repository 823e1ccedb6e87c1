"""One FilterSet for the case list and its CSV export (applied to an already-scoped queryset)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netral.cases import workflow
from netral.cases.choices import CaseStatus, SubjectKind
from netral.cases.models import Case
from netral.core.scoping import region_prefix_q
from netral.regions.models import Election, Stage


class CaseFilterSet(django_filters.FilterSet):  # type: ignore[misc]  # django-filter has no types
    q = django_filters.CharFilter(label=_("Cari nomor/ringkasan"), method="filter_q")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CaseStatus.choices)
    phase = django_filters.ChoiceFilter(
        label=_("Tahap penanganan"),
        method="filter_phase",
        choices=list(workflow.PHASES.items()),
    )
    election = django_filters.ModelChoiceFilter(label=_("Pemilihan"), queryset=Election.objects.all())
    stage = django_filters.ModelChoiceFilter(
        label=_("Tahapan pemilihan"), queryset=Stage.objects.select_related("election")
    )
    region = django_filters.CharFilter(label=_("Kode wilayah"), method="filter_region")
    subject_kind = django_filters.ChoiceFilter(label=_("Jenis terlapor"), choices=SubjectKind.choices)
    overdue = django_filters.BooleanFilter(label=_("Lewat tenggat"), method="filter_overdue")
    ordering = django_filters.OrderingFilter(
        label=_("Urutkan"),
        fields=(("deadline_at", "deadline"), ("created_at", "created"), ("number", "number"), ("status", "status")),
        field_labels={
            "deadline_at": _("Tenggat"),
            "created_at": _("Dibuat"),
            "number": _("Nomor"),
            "status": _("Status"),
        },
    )

    class Meta:
        model = Case
        fields = ["q", "status", "phase", "election", "stage", "region", "subject_kind", "overdue"]

    def filter_q(self, qs: QuerySet[Case], name: str, value: str) -> QuerySet[Case]:
        value = value.strip()
        return qs.filter(Q(number__icontains=value) | Q(title__icontains=value)) if value else qs

    def filter_phase(self, qs: QuerySet[Case], name: str, value: str) -> QuerySet[Case]:
        return qs.filter(status__in=workflow.phase_statuses(value))

    def filter_region(self, qs: QuerySet[Case], name: str, value: str) -> QuerySet[Case]:
        value = value.strip().rstrip(".")
        return qs.filter(region_prefix_q("region_code", value)) if value else qs

    def filter_overdue(self, qs: QuerySet[Case], name: str, value: Any) -> QuerySet[Case]:
        if value is None:
            return qs
        now = timezone.now()
        if value:
            return qs.filter(deadline_at__lt=now)
        return qs.filter(Q(deadline_at__isnull=True) | Q(deadline_at__gte=now))
