"""Reads for reports: the reporter's status view (no personal data) and staff queries (scoped)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.urls import reverse

from netral.cases.choices import CaseStatus
from netral.core.scoping import Action, get_scoped_or_404
from netral.reports import outcome as public_outcome
from netral.reports.models import Evidence, Report

if TYPE_CHECKING:
    from netral.core.types import RequestUser

# What each status means for the reporter (kept under its old name: the chat and tests read it).
NEXT_STEP: dict[str, Any] = public_outcome.MEANING


@dataclass(frozen=True)
class ReceiptStatus:
    """All a receipt holder learns: never the reporter's own data, never staff notes."""

    kind_label: str
    status: str
    status_label: str
    updated_on: datetime.date
    next_step: str
    initial_information: bool
    case_number: str
    # What happens next and the decisions with their public reasons (``outcome``).
    outcome: public_outcome.PublicOutcome | None = None


def receipt_status(report: Report) -> ReceiptStatus:
    case = report.case
    # A joined case answers with the case it was merged into.
    seen = 0
    while case is not None and case.merged_into_id is not None and seen < 5:
        case = case.merged_into
        seen += 1
    status = case.status if case is not None else CaseStatus.RECEIVED
    updated = case.updated_at if case is not None else report.submitted_at
    last_addition = report.additions.order_by("-added_at").values_list("added_at", flat=True).first()
    if last_addition and last_addition > updated:
        updated = last_addition
    return ReceiptStatus(
        kind_label=str(report.get_kind_display()),
        status=str(status),
        status_label=str(CaseStatus(status).label),
        updated_on=updated.date(),
        next_step=str(NEXT_STEP.get(status, "")),
        initial_information=report.initial_information,
        case_number=case.number if case is not None else "",
        outcome=public_outcome.outcome_for(case, report),
    )


def reports_for(user: RequestUser) -> QuerySet[Report]:
    """The reports and findings the user may see."""
    return Report.objects.restrict(user)


def all_reports() -> QuerySet[Report]:
    """Every report, unscoped: for figures with a scope of their own or public aggregates, never rows."""
    return Report.objects.all()


def report_for(user: RequestUser, pk: int) -> Report:
    qs = Report.objects.select_related(
        "case", "region", "subject_agency", "election", "candidate_pair__contest", "found_by"
    )
    return get_scoped_or_404(qs, user, "view", pk=pk)


def evidence_for(user: RequestUser, pk: int, action: Action = "view") -> Evidence:
    """One evidence item through the scope; ``view_pii`` is what its original needs."""
    return get_scoped_or_404(Evidence.objects.select_related("report"), user, action, pk=pk)


def rows_for_case(case: Any, user: RequestUser) -> tuple[list[dict[str, Any]], int]:
    """The reports of a case that `user` may see, without reporter data, and how many others it holds.

    A case joined across regions holds reports of a region the user cannot open: those are only
    counted, never listed (their number, place and subject would tell what the user may not see).
    """
    visible = Report.objects.restrict(user, "view").filter(case=case)
    hidden = Report.objects.filter(case=case).count() - visible.count()
    rows = [
        {
            "pk": report.pk,
            "kind": report.get_kind_display(),
            "submitted_at": report.submitted_at,
            "subject": report.subject_name,
            "place": report.place,
            "url": reverse("reports:detail", args=[report.pk]),
        }
        for report in visible.order_by("submitted_at")
    ]
    return rows, hidden


def evidence_for_case(user: RequestUser, case: Any) -> list[dict[str, Any]]:
    """What the case file lists of a case's evidence, in the user's scope: hashes of the original and
    the display copy; the original's file name only for who may have the original (it can name the
    reporter)."""
    from netral.reports import custody

    rows: list[dict[str, Any]] = [
        dict(row)
        for row in Evidence.objects.restrict(user)
        .filter(report__case=case)
        .order_by("added_at", "pk")
        .values("pk", "original_name", "url", "kind", "sha256", "display_sha256", "size", "added_at", "content_type")
    ]
    originals = custody.originals_visible(user, [e["pk"] for e in rows])
    for e in rows:
        if e["pk"] not in originals:
            e["original_name"] = ""
    return rows
