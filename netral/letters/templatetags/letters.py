"""Filters of the letter templates, and the case page's letters panel (``{% case_letters case %}``),
so the case page needs only one include line and no import of this app."""

from __future__ import annotations

import datetime
from typing import Any

from django import template

from netral.letters import compose

register = template.Library()

NUMBER_WORDS = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh")


@register.filter
def tanggal(value: datetime.date | datetime.datetime | None) -> str:
    """ "5 Desember 2026": an official letter's dates are Indonesian in any interface language."""
    return compose.indonesian_date(value) or "-"


@register.filter
def terbilang_count(value: int) -> str:
    """ "1 (satu)": how a letter writes a small count."""
    n = int(value)
    return f"{n} ({NUMBER_WORDS[n]})" if 0 <= n < len(NUMBER_WORDS) else str(n)


@register.inclusion_tag("letters/_case_letters.html", takes_context=True)
def case_letters(context: template.Context, case: Any) -> dict[str, Any]:
    from netral.letters.views import panel_context

    data = panel_context(context["request"], case, form=context.get("document_form"))
    data["csrf_token"] = context.get("csrf_token")
    return data
