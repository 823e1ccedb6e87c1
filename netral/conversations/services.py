"""Writes of the conversation: a supervisor asks, the reporter answers, the reporter opts out.

Every write is one transaction: the message, its evidence (through ``reports.services``), the
audit record, the case timeline entry and the reporter notices (outbox rows) commit together or
not at all. The reporter is known only by the receipt code (or the chat that filed the report):
nothing here reads or writes their identity.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from netral.cases.choices import CaseStatus
from netral.cases.models import Case
from netral.cases.services import record_transition
from netral.conversations import clock, events
from netral.conversations.choices import Author, Channel, MessageKind
from netral.conversations.models import Message, NotificationOptOut
from netral.core import audit, context, db, ratelimit
from netral.core.models import ObjectChange
from netral.reports import evidence as ev
from netral.reports import services as report_services
from netral.reports.choices import ReportKind
from netral.reports.models import Report

if TYPE_CHECKING:
    from netral.core.types import User

logger = logging.getLogger(__name__)

MAX_TEXT = 4000
# A case in these statuses takes no more messages, from either side.
CLOSED_STATUSES = frozenset({CaseStatus.CLOSED, CaseStatus.WITHDRAWN})


class ThreadClosed(Exception):
    """The case is closed: the thread is read-only."""


class ThreadFlood(Exception):
    """Too many messages for one report within the hour; ``retry_after`` seconds until the next window."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after


def thread_rate() -> int:
    return int(getattr(settings, "THREAD_MESSAGE_RATE", 20))


def current_case(report: Report) -> Case | None:
    """The case that now carries the report (a joined case answers with the one it was merged into)."""
    case = report.case if report.case_id else None
    seen = 0
    while case is not None and case.merged_into_id is not None and seen < 5:
        case = case.merged_into
        seen += 1
    return case


def is_closed(report: Report) -> bool:
    case = current_case(report)
    return case is not None and case.status in CLOSED_STATUSES


def _timeline(report: Report, reason: str, data: dict[str, Any], *, user: User | None = None) -> None:
    """The message joins the case's legal timeline: an entry that keeps the status and says what was sent."""
    case = current_case(report)
    if case is None:
        return
    locked = Case.objects.select_for_update().get(pk=case.pk)
    record_transition(locked, locked.status, locked.status, reason=reason, data=data, user=user)


def ask(
    user: User, report: Report, text: str, *, kind: str = MessageKind.QUESTION, completion_request: bool = False
) -> Message:
    """A supervisor in scope asks the reporter a question or for documents, optionally as a formal
    request for completion with its own clock. Findings have no reporter to ask."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Tuliskan pertanyaan atau permintaan Anda.")})
    if len(text) > MAX_TEXT:
        raise ValidationError({"text": _("Paling banyak %(n)d karakter.") % {"n": MAX_TEXT}})
    if kind not in (MessageKind.QUESTION, MessageKind.DOCUMENTS):
        raise ValidationError({"kind": _("Pilih pertanyaan atau permintaan dokumen.")})

    with transaction.atomic():
        locked = Report.objects.restrict(user, "change").select_for_update().filter(pk=report.pk).first()
        if locked is None:
            raise PermissionDenied
        if locked.kind != ReportKind.REPORT:
            raise ValidationError(_("Temuan pengawas tidak memiliki pelapor yang dapat ditanya."))
        if is_closed(locked):
            raise ThreadClosed
        now = timezone.now()
        message = Message(
            report=locked,
            author=Author.STAFF,
            kind=kind,
            text=text,
            user=user,
            user_name=user.get_username(),
            channel=Channel.WEB,
            completion_request=completion_request,
            due_at=clock.due_at(now) if completion_request else None,
            request_id=context.current_request_id(),
        )
        message.save()
        audit.log_change(message, ObjectChange.Action.CREATE, None, user=user)
        with translation.override("id"):
            reason = (
                _("Permintaan dokumen kepada pelapor (laporan #%(report)s)")
                if kind == MessageKind.DOCUMENTS
                else _("Pertanyaan kepada pelapor (laporan #%(report)s)")
            ) % {"report": locked.pk}
            if message.due_at is not None:
                reason += _("; permintaan kelengkapan, dijawab paling lambat %(due)s") % {
                    "due": timezone.localtime(message.due_at).strftime("%d/%m/%Y %H:%M")
                }
        data: dict[str, Any] = {"conversation": kind, "message": message.pk, "report": locked.pk}
        if message.due_at is not None:
            data["completion_due"] = message.due_at.isoformat()
        _timeline(locked, reason, data, user=user)
        events.record_question_notices(message)
    logger.info("report %s: message %s sent to the reporter by user %s", report.pk, message.pk, user.pk)
    return message


def answer(report: Report, text: str, files: Sequence[Any] = (), *, channel: str = Channel.WEB) -> Message:
    """The reporter answers (or adds something) with text and files, known by the receipt code or their chat.

    Files go through the evidence checks before anything is written; a closed case refuses; more than
    ``THREAD_MESSAGE_RATE`` messages an hour for one report refuse with ``ThreadFlood``. The answer
    marks every open supervisor message as answered, which stops a completion request's clock.
    """
    text = (text or "").strip()
    if len(text) > MAX_TEXT:
        raise ValidationError({"text": _("Paling banyak %(n)d karakter.") % {"n": MAX_TEXT}})
    checked = ev.check_files(files)
    if not text and not checked:
        raise ValidationError({"text": _("Tuliskan jawaban Anda atau lampirkan berkas.")})
    if is_closed(report):
        raise ThreadClosed
    if not ratelimit.hit("thread", str(report.pk), thread_rate()):
        raise ThreadFlood(ratelimit.retry_after())

    def work(written: list[Path]) -> Message:
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if is_closed(locked):
            raise ThreadClosed
        now = timezone.now()
        open_questions = Message.objects.filter(report=locked, author=Author.STAFF, answered_at__isnull=True)
        latest = open_questions.order_by("-created_at", "-id").first()
        message = Message(
            report=locked,
            author=Author.REPORTER,
            kind=MessageKind.ANSWER,
            text=text,
            channel=channel,
            in_reply_to=latest,
            request_id=context.current_request_id(),
        )
        message.save()
        rows = report_services.attach_evidence(locked, checked, written)
        if rows:
            message.evidence.set(rows)
        answered = list(open_questions.values_list("pk", flat=True))
        open_questions.update(answered_at=now)
        after = audit.snapshot(message)
        after["evidence"] = [r.pk for r in rows]
        after["answered"] = answered
        audit.log_change(message, ObjectChange.Action.CREATE, None, after=after)
        with translation.override("id"):
            reason = _("Jawaban pelapor (laporan #%(report)s)") % {"report": locked.pk}
            if rows:
                reason += " · " + _("%(n)d berkas") % {"n": len(rows)}
        _timeline(
            locked,
            reason,
            {"conversation": MessageKind.ANSWER, "message": message.pk, "report": locked.pk, "channel": channel},
        )
        events.record_answer(message)
        return message

    # The reporter acts as the public even when a signed-in browser sends the answer.
    with context.acting(None, request_id=context.current_request_id()):
        message = db.retry_transient(lambda: _atomic(work))
    logger.info("report %s: message %s from the reporter (%s)", report.pk, message.pk, channel)
    return message


def _atomic(work: Any) -> Any:
    written: list[Path] = []
    with transaction.atomic():
        return work(written)


def answer_by_receipt(code: str, text: str, files: Sequence[Any] = ()) -> Message:
    """The lookup page's reply: the receipt code is the reporter's only key (unknown → ReceiptNotFound)."""
    return answer(report_services.find_by_receipt(code), text, files, channel=Channel.WEB)


def opt_out(report: Report, channel: str) -> bool:
    """No more notices on `channel` for `report`; True when this call made the change."""
    try:
        with transaction.atomic():
            row = NotificationOptOut.objects.create(report=report, channel=channel)
            with context.acting(None, request_id=context.current_request_id()):
                audit.log_change(row, ObjectChange.Action.CREATE, None)
    except IntegrityError:
        return False
    logger.info("report %s: notices on %s stopped by the reporter", report.pk, channel)
    return True


def opted_out(report: Report, channel: str) -> bool:
    return NotificationOptOut.objects.filter(report=report, channel=channel).exists()
