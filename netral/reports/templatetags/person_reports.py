"""The person page's reports panel: every report naming a registry person, and "reported N times".

The person page is the personnel app's (below this one); it shows this panel through
``{% load person_reports %}`` so personnel needs no import of reports.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Q

from netral.reports import selectors

register = template.Library()


@register.inclusion_tag("reports/_person_reports.html", takes_context=True)
def person_reports(context: template.Context, asn: Any) -> dict[str, Any]:
    """Reports the viewer may see that name `asn`: picked at filing, or whose case confirmed the person."""
    user = context["request"].user
    naming = Q(asn=asn) | Q(case__asn=asn, case__accused_status="confirmed")
    rows = list(selectors.reports_for(user).filter(naming).select_related("case").order_by("-id")[:100])
    return {"reports": rows, "count": selectors.reports_for(user).filter(naming).count()}
