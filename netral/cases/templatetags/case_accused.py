"""The accused panel: on the case page (and the report's triage page), the registry candidates for
the accused and the supervisor's confirmation; on the person page, that person's cases and sanctions.

A tag rather than view context, so each page that shows it needs one line (``{% case_accused_panel
case %}``) and the reports and personnel pages can show it without importing this app.
"""

from __future__ import annotations

from typing import Any

from django import template

from netral.cases import selectors, services
from netral.cases.choices import CaseStatus

register = template.Library()


@register.inclusion_tag("cases/_case_accused_panel.html", takes_context=True)
def case_accused_panel(context: template.Context, case: Any) -> dict[str, Any]:
    """The accused as written, the confirmed person (if any), and, for a supervisor, candidates to confirm."""
    request = context["request"]
    user = request.user
    may_confirm = selectors.may_confirm_accused(user, case)
    query = (request.GET.get("nama") or "").strip()[:200] if may_confirm else ""
    return {
        "case": case,
        "identity": selectors.accused_identity(case),
        "written": selectors.accused_written(case),
        "may_see": selectors.may_see_accused(user),
        "may_confirm": may_confirm,
        "query": query,
        "candidates": selectors.accused_candidates(case, user, query) if may_confirm and case.is_asn else [],
        "state": services.accused_state(case),
        "errors": context.get("accused_errors") or {},
        "csrf_token": context.get("csrf_token"),
        "request": request,
    }


@register.inclusion_tag("cases/_person_cases.html", takes_context=True)
def person_cases(context: template.Context, asn: Any) -> dict[str, Any]:
    """The cases of one registry person the viewer may see, with the sanctions decided in them."""
    rows = list(selectors.cases_of_person(context["request"].user, asn))
    sanctioned = [c for c in rows if c.decree_number or c.status == CaseStatus.SANCTIONED]
    return {"cases": rows, "sanctions": sanctioned}
