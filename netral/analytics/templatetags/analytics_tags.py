"""Small formatting filters for analytics templates."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def percent(value: Any, digits: int = 1) -> str:
    """0.6667 → "66,7%" (localised); None → "—"."""
    if value is None or value == "":
        return "—"
    return f"{number_format(float(value) * 100, digits)}%"


@register.filter
def at(seq: Any, index: int) -> Any:
    """seq[index], or "" when out of range (for parallel lists in tables)."""
    try:
        return seq[int(index)]
    except (IndexError, TypeError, ValueError, KeyError):
        return ""


@register.filter
def get(mapping: Any, key: Any) -> Any:
    try:
        return mapping[key]
    except (KeyError, TypeError, IndexError):
        return ""
