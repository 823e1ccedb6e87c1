"""What reporters and staff hear about, recorded as outbox rows in the transaction of the event.

A supervisor's question and each public step of a case become ``ReporterNotice`` rows (one per
report and channel) that commit or roll back with the event; after commit, ``publish`` hands them
to the task queue, and ``deliver_reporter_notices`` retries whatever a dead worker left behind.
``publish`` is the one function to move onto the project-wide outbox (``emit(event)``) once it exists.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.db import IntegrityError, transaction

from netral.cases.choices import CaseStatus
from netral.conversations import notify
from netral.conversations.choices import NoticeEvent
from netral.conversations.models import Message, ReporterNotice
from netral.reports.choices import ReportKind
from netral.reports.models import Report

logger = logging.getLogger(__name__)

# The steps a reporter is told about: every status the receipt lookup explains, except the first
# (the reporter was just given the receipt) and the joining of cases (the lookup follows it silently).
QUIET_STEPS = frozenset({CaseStatus.RECEIVED, CaseStatus.JOINED})


def publish(notice_ids: list[int]) -> None:
    """After commit: one delivery task per notice (the periodic command catches any that fail here)."""
    if notice_ids:
        transaction.on_commit(partial(_enqueue, list(notice_ids)))


def _enqueue(notice_ids: list[int]) -> None:
    from netral.conversations.tasks import deliver_notice

    for notice_id in notice_ids:
        try:
            deliver_notice.enqueue(notice_id)
        except Exception:  # a broken queue must not fail the request; the periodic command retries
            logger.exception("could not enqueue reporter notice %s", notice_id)


def _record(reports: Iterable[Report], event: str, key: str) -> list[int]:
    ids: list[int] = []
    for report in reports:
        for channel in notify.channels_for(report):
            try:
                with transaction.atomic():
                    notice = ReporterNotice.objects.create(report=report, channel=channel, event=event, event_key=key)
            except IntegrityError:  # the same event recorded twice: one notice is enough
                continue
            ids.append(notice.pk)
    return ids


def record_question_notices(message: Message) -> list[int]:
    """A supervisor's message: a notice on each channel the reporter gave (inside ``ask``'s transaction)."""
    ids = _record([message.report], NoticeEvent.QUESTION, f"message:{message.pk}")
    publish(ids)
    return ids


def case_stepped(message: Any) -> int:
    """A status change of a case (the outbox's ``case.transitioned``): notices to its reporters.

    Runs atomically in a worker (route ``reporter-steps`` in ``netral.events``); the notices' unique
    event key makes a message run twice record them once.
    """
    payload = message.payload
    if not payload.get("from") or payload.get("from") == payload.get("to") or payload.get("to") in QUIET_STEPS:
        return 0  # the opening, entries that keep the status (messages, joins) and the quiet steps
    reports = Report.objects.filter(case_id=payload["case"], kind=ReportKind.REPORT)
    ids = _record(reports, NoticeEvent.STEP, f"step:{payload['transition']}")
    publish(ids)
    return len(ids)


def record_answer(message: Message) -> None:
    """The reporter answered: the supervisors in charge of the case get a mail (after commit)."""
    transaction.on_commit(partial(_enqueue_staff, message.pk))


def _enqueue_staff(message_id: int) -> None:
    from netral.conversations.tasks import notify_staff_of_answer

    try:
        notify_staff_of_answer.enqueue(message_id)
    except Exception:
        logger.exception("could not enqueue the staff notice of message %s", message_id)
