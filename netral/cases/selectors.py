"""Reads of cases: every queryset goes through ``Case.objects.restrict`` (the one scoping rule)."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import F, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from netral.cases import deadlines, workflow
from netral.cases.choices import GAKKUMDU_STATUSES, FollowUpAction, Route
from netral.cases.choices import CaseStatus as S
from netral.cases.models import Case, CaseTransition
from netral.core.scoping import Action

# What each role's queue holds: the statuses in which it is that role's move.
QUEUE_STATUSES: dict[str, list[str]] = {
    "supervisor": [
        S.RECEIVED,
        S.INITIAL_REVIEW,
        S.REGISTERED,
        S.CLARIFICATION,
        S.VIOLATION,
        S.NOT_REGISTERED,
        S.FORWARDED_OTHER,
        # Sentra Gakkumdu's file: each step's clock, then the court (no clock) until the verdict is recorded.
        S.GAKKUMDU_SUBMITTED,
        S.GAKKUMDU_RETURNED,
        S.GAKKUMDU_COMPLETE,
        S.GAKKUMDU_COURT,
    ],
    "bkn": [S.FORWARDED_BKN, S.BKN_VERIFICATION, S.REFUSED, S.FOLLOW_UP],
    "ppk": [S.RECOMMENDED, S.FOLLOW_UP],
    "admin": [
        S.RECEIVED,
        S.INITIAL_REVIEW,
        S.REGISTERED,
        S.CLARIFICATION,
        S.VIOLATION,
        S.FORWARDED_BKN,
        S.BKN_VERIFICATION,
        S.RECOMMENDED,
        S.REFUSED,
        S.FOLLOW_UP,
    ],
}
LIST_FIELDS = ("region", "agency", "election", "stage", "sanction_level")


def cases_for(user: Any, action: Action = "view") -> QuerySet[Case]:
    """The user's cases (the scope writes the region prefix in an index-friendly form per backend)."""
    return Case.objects.restrict(user, action).select_related(*LIST_FIELDS)


def queue_for(user: Any) -> QuerySet[Case]:
    """The cases waiting for `user`'s role, most urgent first (overdue first, then by deadline).

    Cases without a running clock (a not-registered report that cannot be completed) are left
    out of the supervisors' queue; they remain in the list.
    """
    role = workflow.role_of(user)
    statuses = QUEUE_STATUSES.get(role)
    if not statuses:
        return Case.objects.none()
    qs = cases_for(user).filter(status__in=statuses)
    if role == "supervisor":
        # Only the forwarded cases whose clock runs (Gakkumdu's investigation) wait on supervisors.
        qs = qs.exclude(status__in=[S.NOT_REGISTERED, S.FORWARDED_OTHER], deadline_at__isnull=True)
    elif role == "bkn":
        qs = qs.exclude(status=S.FOLLOW_UP, follow_up_action=FollowUpAction.REPRIMAND)
    elif role == "ppk":
        # After a reprimand the PPK has 3 days; a data block or unblock is BKN's business.
        qs = qs.exclude(status=S.FOLLOW_UP, follow_up_action__in=[FollowUpAction.DATA_BLOCK, FollowUpAction.UNBLOCK])
    return qs.order_by(F("deadline_at").asc(nulls_last=True), "number")


def page_of(qs: QuerySet[Case], number: Any, per_page: int = 50) -> tuple[Page[Any], list[Case]]:
    """One page of `qs` in two steps: the ordered ids of the page, then those rows with their joins.

    Sorting only ids lets the database skip joining every matching row before the sort (on 100k
    cases this halves BKN's national queue on SQLite).
    """
    page = Paginator(qs.values_list("pk", flat=True), per_page).get_page(number)
    ids = list(page.object_list)
    rows = Case.objects.select_related(*LIST_FIELDS).in_bulk(ids)
    return page, [rows[pk] for pk in ids if pk in rows]


def case_detail(user: Any, number: str) -> Case:
    from netral.core.scoping import get_scoped_or_404

    return get_scoped_or_404(cases_for(user), user, "view", number=number)


def timeline(case: Case) -> QuerySet[CaseTransition]:
    return case.transitions.select_related("user").order_by("at", "id")


def report_rows(case: Case, user: Any) -> tuple[list[dict[str, Any]], int]:
    """The reports of a case that `user` may see, without reporter data, and how many others it holds.

    A case joined across regions holds reports of a region the user cannot open: those are only
    counted, never listed (their number, place and subject would tell what the user may not see).
    """
    from netral.reports.models import Report

    visible = Report.objects.restrict(user, "view").filter(case=case)
    hidden = case.reports.count() - visible.count()
    rows = []
    for report in visible.order_by("submitted_at"):
        try:
            url: str | None = reverse("reports:detail", args=[report.pk])
        except NoReverseMatch:
            url = None
        rows.append(
            {
                "pk": report.pk,
                "kind": report.get_kind_display(),
                "submitted_at": report.submitted_at,
                "subject": report.subject_name,
                "place": report.place,
                "url": url,
            }
        )
    return rows, hidden


# The criminal file's steps on the case page. Each step's date and clock are those of the clock
# table (``deadlines.STATUS_CLOCKS``: the clock's anchor is the date the step was reached); the
# court runs no clock of ours, so its date is named here.
GAKKUMDU_STEPS = (S.FORWARDED_OTHER, *GAKKUMDU_STATUSES)
COURT_DATE = "gakkumdu_court_at"


def gakkumdu_steps(case: Case) -> list[dict[str, Any]]:
    """Where a case forwarded to Sentra Gakkumdu stands: each step, its latest date, its legal clock.

    Empty for every other route. Dates are the latest of each step (a re-submission replaces the
    first submission's date here; the timeline keeps both).
    """
    if case.route != Route.GAKKUMDU:
        return []
    rows = []
    for status in GAKKUMDU_STEPS:
        label = _("Diteruskan ke Sentra Gakkumdu (penyidikan)") if status == S.FORWARDED_OTHER else S(status).label
        clock = deadlines.STATUS_CLOCKS.get(status)
        rows.append(
            {
                "status": str(status),
                "label": str(label),
                "at": getattr(case, clock.anchor if clock else COURT_DATE),
                "rule": str(deadlines.RULES[clock.rule].label) if clock else "",
                "current": case.status == status,
            }
        )
    if case.status == S.CLOSED:
        rows.append(
            {"status": str(S.CLOSED), "label": str(S.CLOSED.label), "at": case.closed_at, "rule": "", "current": True}
        )
    return rows
