"""The reports' panels on the case page and in the case file PDF: the attached reports, the join
form and the evidence hashes.

The case page is the cases app's; what it shows of reports comes from here, so the cases app
needs no import of this one (``{% load case_reports %}`` in ``cases/detail.html``).
"""

from __future__ import annotations

from typing import Any

from django import template

from netral.reports import selectors
from netral.reports.forms import JoinForm

register = template.Library()


@register.inclusion_tag("reports/_case_reports.html", takes_context=True)
def case_reports(context: template.Context, case: Any) -> dict[str, Any]:
    """The case's reports the viewer may open, and how many others (another region's) it holds."""
    rows, hidden = selectors.rows_for_case(case, context["request"].user)
    return {"reports": rows, "hidden_reports": hidden}


@register.inclusion_tag("reports/_case_join_form.html", takes_context=True)
def case_join_form(context: template.Context, case: Any, form: JoinForm | None = None) -> dict[str, Any]:
    return {"case": case, "join_form": form or JoinForm(), "csrf_token": context.get("csrf_token")}


@register.inclusion_tag("reports/_case_evidence.html", takes_context=True)
def case_evidence(context: template.Context, case: Any) -> dict[str, Any]:
    """The case's evidence that the viewing user may see: names, types, sizes, SHA-256 (no reporter data)."""
    return {"evidence": selectors.evidence_for_case(context["request"].user, case)}
