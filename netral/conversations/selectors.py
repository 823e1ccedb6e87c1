"""Reads of the conversation: the staff's threads on a case page (scoped) and the reporter's thread.

The staff see who asked; the reporter sees "Pengawas pemilu", never a name. Neither side sees the
reporter's identity here: a supervisor who may (``Report.Scope.pii_roles``) opens it on the report page.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from netral.conversations import clock
from netral.conversations.models import Message
from netral.core.scoping import NOTHING, scope_q
from netral.reports.choices import ReportKind
from netral.reports.models import Report

if TYPE_CHECKING:
    from netral.core.types import RequestUser


@dataclass
class Thread:
    report: Report
    messages: list[Message] = field(default_factory=list)
    clocks: list[clock.CompletionClock] = field(default_factory=list)


def may_read(user: RequestUser) -> bool:
    """Whether the user's role sees any thread at all (BKN and PPK officers never do)."""
    return scope_q(Message, user, "view") != NOTHING


def staff_threads(user: RequestUser, case: Any, now: datetime.datetime | None = None) -> list[Thread]:
    """One thread per public report on the case that the user may see, with the running request clocks."""
    if not may_read(user):
        return []
    reports = list(
        Report.objects.restrict(user, "view").filter(case=case, kind=ReportKind.REPORT).order_by("submitted_at", "pk")
    )
    if not reports:
        return []
    by_report: dict[int, Thread] = {r.pk: Thread(report=r) for r in reports}
    messages = (
        Message.objects.restrict(user, "view")
        .filter(report__in=reports)
        .select_related("user")
        .prefetch_related("evidence")
        .order_by("created_at", "id")
    )
    for message in messages:
        by_report[message.report_id].messages.append(message)
    moment = now or timezone.now()
    for thread in by_report.values():
        thread.clocks = clock.running(thread.messages, moment)
    return list(by_report.values())


def writable_reports(user: RequestUser, case: Any) -> list[Report]:
    """The case's public reports the user may write to (supervisors of the region)."""
    return list(
        Report.objects.restrict(user, "change").filter(case=case, kind=ReportKind.REPORT).order_by("submitted_at", "pk")
    )


@dataclass(frozen=True)
class PublicEntry:
    """One message as the reporter sees it: no staff names, file names only."""

    from_staff: bool
    kind_label: str
    text: str
    at: datetime.datetime
    due_at: datetime.datetime | None
    awaiting: bool
    files: tuple[str, ...]


def reporter_thread(report: Report) -> list[PublicEntry]:
    return [
        PublicEntry(
            from_staff=m.from_staff,
            kind_label=str(m.get_kind_display()),
            text=m.text,
            at=m.created_at,
            due_at=m.due_at if m.completion_request else None,
            awaiting=m.awaiting_answer,
            files=tuple(e.original_name or e.get_kind_display() for e in m.evidence.all()),
        )
        for m in report.messages.prefetch_related("evidence").order_by("created_at", "id")
    ]


def open_request(report: Report) -> Message | None:
    """The earliest unanswered completion request of a report (what the lookup page puts on top)."""
    return (
        report.messages.filter(completion_request=True, answered_at__isnull=True, due_at__isnull=False)
        .order_by("due_at")
        .first()
    )
