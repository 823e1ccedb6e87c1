"""The person page's pledges panel (the personnel page loads it; personnel imports nothing of prevention)."""

from __future__ import annotations

from typing import Any

from django import template

from netral.prevention.models import PledgeSignature

register = template.Library()


@register.inclusion_tag("prevention/_person_pledges.html", takes_context=True)
def person_pledges(context: template.Context, asn: Any) -> dict[str, Any]:
    """The pledges `asn` signed that the viewer may see."""
    user = context["request"].user
    rows = PledgeSignature.objects.restrict(user).filter(asn=asn).select_related("text", "election")
    return {"signatures": list(rows.order_by("-signed_at")[:100])}
