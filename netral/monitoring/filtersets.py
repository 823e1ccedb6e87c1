"""The inbox filter (kept in the URL): kind, act, region, stage, handling, relevance, review state, words."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from netral.monitoring import selectors
from netral.monitoring.choices import Act, Handling, Kind, Review
from netral.monitoring.models import Item

if TYPE_CHECKING:
    from netral.core.types import User

REVIEW_CHOICES = [("none", Review.NONE.label), *[(v, lbl) for v, lbl in Review.choices if v]]


class FastSelect(forms.Select):
    """A select rendered in one pass: Django's per-option templates cost ~1 ms per option, and
    a national user's region list has 550 of them."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        if isinstance(value, (list, tuple)):
            value = value[0] if value else ""
        current = "" if value is None else str(value)
        selected = mark_safe(" selected")  # noqa: S308 - a constant
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((str(v), selected if str(v) == current else "", label) for v, label in self.choices),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(self.build_attrs(self.attrs, attrs)), options
        )


class ItemFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Kata"), method="filter_q")
    kind = django_filters.ChoiceFilter(label=_("Jenis"), choices=Kind.choices, empty_label=_("Semua jenis"))
    act = django_filters.ChoiceFilter(
        label=_("Perbuatan"), choices=Act.choices, method="filter_act", empty_label=_("Semua perbuatan")
    )
    region = django_filters.ChoiceFilter(
        label=_("Wilayah"), choices=[], method="filter_region", empty_label=_("Semua wilayah"), widget=FastSelect
    )
    stage = django_filters.ChoiceFilter(
        label=_("Tahapan"), choices=[], method="filter_stage", empty_label=_("Semua tahapan"), widget=FastSelect
    )
    handling = django_filters.ChoiceFilter(
        label=_("Penanganan"), choices=Handling.choices, empty_label=_("Semua tahap penanganan")
    )
    relevant = django_filters.ChoiceFilter(
        label=_("Relevansi"),
        choices=[("yes", _("Relevan")), ("no", _("Tidak relevan"))],
        method="filter_relevant",
        empty_label=_("Semua"),
    )
    review = django_filters.ChoiceFilter(
        label=_("Tinjauan"), choices=REVIEW_CHOICES, method="filter_review", empty_label=_("Semua")
    )

    class Meta:
        model = Item
        fields: list[str] = []

    def __init__(self, *args: Any, user: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["region"].extra["choices"] = selectors.region_choices(user)
        self.filters["stage"].extra["choices"] = selectors.stage_choices(user)

    def filter_q(self, qs: QuerySet[Item], name: str, value: str) -> QuerySet[Item]:
        value = value.strip()[:100]
        return qs.filter(Q(title__icontains=value) | Q(text__icontains=value)) if value else qs

    def filter_act(self, qs: QuerySet[Item], name: str, value: str) -> QuerySet[Item]:
        return qs.filter(acts_index__contains=f" {value} ")

    def filter_region(self, qs: QuerySet[Item], name: str, value: str) -> QuerySet[Item]:
        # Codes have fixed-width segments, so " 32.79" matches 32.79 and 32.79.xx, never 32.7x.
        return qs.filter(region_index__contains=f" {value}")

    def filter_stage(self, qs: QuerySet[Item], name: str, value: str) -> QuerySet[Item]:
        return qs.filter(Q(stage=value) | Q(stage__startswith=f"{value}:"))

    def filter_relevant(self, qs: QuerySet[Item], name: str, value: str) -> QuerySet[Item]:
        return qs.filter(relevant=value == "yes")

    def filter_review(self, qs: QuerySet[Item], name: str, value: str) -> QuerySet[Item]:
        return qs.filter(review="" if value == "none" else value)
