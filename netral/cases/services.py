"""Writes to cases: every function is atomic, audited and records the timeline.

Only this module calls ``Case.save()``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from netral.cases.choices import CaseStatus
from netral.cases.models import Case, CaseTransition
from netral.core import audit, context
from netral.core.models import ObjectChange

if TYPE_CHECKING:
    from netral.reports.models import Report


def next_case_number(year: int) -> str:
    """NTR-<year>-<6 digits>, sequential per year (unique constraint guards races)."""
    prefix = f"NTR-{year}-"
    last = Case.objects.filter(number__startswith=prefix).order_by("-number").values_list("number", flat=True).first()
    seq = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{seq:06d}"


def record_transition(case: Case, from_status: str, to_status: str, *, reason: str = "",
                      data: dict[str, Any] | None = None, user: Any = None) -> CaseTransition:
    actor = user if user is not None else context.current_user()
    return CaseTransition.objects.create(
        case=case,
        from_status=from_status,
        to_status=to_status,
        user=actor,
        user_name=actor.get_username() if actor is not None else "publik",
        reason=reason,
        data=data or {},
        request_id=context.current_request_id(),
    )


@transaction.atomic
def open_case(report: Report, *, user: Any = None) -> Case:
    """Open a case (status: received) for a newly saved report or finding and link it."""
    case = Case(
        number=next_case_number(timezone.localdate().year),
        title=f"{report.subject_name} – {report.description[:180]}".strip()[:250],
        subject_kind=report.subject_kind,
        region=report.region,
        agency=report.subject_agency,
        asn=report.asn,
        election=report.election,
        occurred_on=report.occurred_on,
        known_on=report.known_on,
    )
    case.save()
    audit.log_change(case, ObjectChange.Action.CREATE, None, user=user)
    record_transition(case, "", CaseStatus.RECEIVED, reason=report.get_kind_display(), user=user)
    before = audit.snapshot(report)
    report.case = case
    report.save(update_fields=["case"])
    audit.log_change(report, ObjectChange.Action.UPDATE, before, user=user)
    return case
