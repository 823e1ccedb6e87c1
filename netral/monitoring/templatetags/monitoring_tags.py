"""Template helpers of the inbox: evidence highlighting and labels of engine codes."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from netral.monitoring.choices import Act, Kind
from netral.monitoring.highlight import highlight as _highlight
from netral.monitoring.highlight import signal_label

register = template.Library()


@register.simple_tag
def highlight(text: str, evidence: Any, limit: int | None = None) -> SafeString:
    return _highlight(text, evidence if isinstance(evidence, list) else [], limit)


@register.filter
def act_label(code: str) -> str:
    return str(dict(Act.choices).get(code, code))


@register.filter
def kind_label(code: str) -> str:
    return str(dict(Kind.choices).get(code, code or "—"))


@register.filter
def signal_name(code: str) -> str:
    return signal_label(code)


@register.filter
def percent(value: Any) -> str:
    try:
        return f"{float(value) * 100:.0f}%"
    except (TypeError, ValueError):
        return "—"
