"""Delivering reporter notices: by mail, and through the chat channel the reporter used.

A notice says that something happened (a new question, a new step) and where to look: the lookup
page's link and the start of the receipt code. Never the report's content, never the question's
text: whoever reads a mailbox or a locked phone's preview learns nothing about the report.

Chat channels plug in here (``register``) so this app needs no import of the chat app.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from netral.conversations.choices import Channel, NoticeEvent, NoticeStatus
from netral.conversations.models import Message, NotificationOptOut, ReporterNotice
from netral.reports.choices import Identity, ReportKind
from netral.reports.models import Report

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
# A claimed notice whose worker died is taken again after this long.
LEASE_SECONDS = 120
OPT_OUT_SALT = "netral.conversations.opt-out"


@dataclass(frozen=True)
class NoticeContent:
    """All a notice may say: what kind of event, which report (by the code's start), where to look."""

    event: str
    hint: str
    link: str
    opt_out_link: str
    due_at: datetime.datetime | None = None


class ChatNotifier(Protocol):
    def reaches(self, report: Report) -> bool: ...

    def deliver(self, notice: ReporterNotice, content: NoticeContent) -> None: ...


_chat: dict[str, ChatNotifier] = {}


def register(channel: str, notifier: ChatNotifier) -> None:
    """A chat app offers its channel (called from its ``AppConfig.ready``)."""
    _chat[channel] = notifier


def channels_for(report: Report) -> list[str]:
    """The channels this reporter can be reached on and did not turn off."""
    if report.kind != ReportKind.REPORT:
        return []
    out: list[str] = []
    if report.identity != Identity.ANONYMOUS and report.reporter_email:
        out.append(Channel.EMAIL)
    out += [name for name, notifier in _chat.items() if notifier.reaches(report)]
    if not out:
        return []
    stopped = set(NotificationOptOut.objects.filter(report=report, channel__in=out).values_list("channel", flat=True))
    return [c for c in out if c not in stopped]


def opt_out_token(report_id: int, channel: str) -> str:
    return signing.dumps([report_id, channel], salt=OPT_OUT_SALT, compress=True)


def read_opt_out_token(token: str) -> tuple[int, str] | None:
    try:
        report_id, channel = signing.loads(token, salt=OPT_OUT_SALT)
        return int(report_id), str(channel)
    except (signing.BadSignature, ValueError, TypeError):
        return None


def site(path: str) -> str:
    return f"{getattr(settings, 'SITE_URL', '').rstrip('/')}{path}"


def content_for(notice: ReporterNotice) -> NoticeContent:
    due = None
    if notice.event == NoticeEvent.QUESTION and notice.event_key.startswith("message:"):
        message = Message.objects.filter(pk=int(notice.event_key.split(":", 1)[1])).first()
        due = message.due_at if message is not None else None
    token = opt_out_token(notice.report_id, notice.channel)
    return NoticeContent(
        event=notice.event,
        hint=notice.report.receipt_hint,
        link=site(reverse("reports:receipt_lookup")),
        opt_out_link=site(reverse("conversations:opt_out", args=[token])),
        due_at=due,
    )


def mail(notice: ReporterNotice, content: NoticeContent) -> None:
    context = {"content": content, "question": content.event == NoticeEvent.QUESTION}
    with translation.override("id"):
        subject = render_to_string("conversations/notice_subject.txt", context).strip()
        body = render_to_string("conversations/notice_email.txt", context)
    send_mail(subject, body, None, [notice.report.reporter_email], fail_silently=False)


def claim(notice_id: int, now: datetime.datetime | None = None) -> ReporterNotice | None:
    """Take a due notice for one attempt with a conditional UPDATE: two workers never send it at once;
    one whose worker died mid-send is taken again once its lease runs out."""
    moment = now or timezone.now()
    due = Q(status=NoticeStatus.PENDING) & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=moment))
    stale = Q(status=NoticeStatus.SENDING, next_attempt_at__lte=moment)
    won = ReporterNotice.objects.filter(due | stale, pk=notice_id).update(
        status=NoticeStatus.SENDING,
        attempts=F("attempts") + 1,
        next_attempt_at=moment + datetime.timedelta(seconds=LEASE_SECONDS),
    )
    if won != 1:
        return None
    return ReporterNotice.objects.select_related("report").get(pk=notice_id)


def _finish(notice: ReporterNotice, status: str, error: str = "", retry_in: int | None = None) -> None:
    fields: dict[str, Any] = {"status": status, "error": error[:300]}
    if status == NoticeStatus.SENT:
        fields["sent_at"] = timezone.now()
    fields["next_attempt_at"] = timezone.now() + datetime.timedelta(seconds=retry_in) if retry_in else None
    ReporterNotice.objects.filter(pk=notice.pk, status=NoticeStatus.SENDING).update(**fields)


def deliver(notice_id: int) -> str:
    """Steps: claim the row; skip it if the reporter opted out since; send by mail or hand it to the
    chat channel's outbox; record the outcome (a failure is retried with backoff, then given up)."""
    notice = claim(notice_id)
    if notice is None:
        return ""
    if NotificationOptOut.objects.filter(report_id=notice.report_id, channel=notice.channel).exists():
        _finish(notice, NoticeStatus.SKIPPED)
        return NoticeStatus.SKIPPED
    sender: Callable[[ReporterNotice, NoticeContent], None] | None
    sender = mail if notice.channel == Channel.EMAIL else getattr(_chat.get(notice.channel), "deliver", None)
    if sender is None:
        _finish(notice, NoticeStatus.FAILED, f"no sender for channel {notice.channel}")
        return NoticeStatus.FAILED
    try:
        sender(notice, content_for(notice))
    except Exception as exc:  # SMTP refusals, timeouts, a broken chat outbox: retried later
        logger.warning("reporter notice %s failed (attempt %s): %s", notice.pk, notice.attempts, type(exc).__name__)
        if notice.attempts >= MAX_ATTEMPTS:
            _finish(notice, NoticeStatus.FAILED, f"{type(exc).__name__}")
            return NoticeStatus.FAILED
        _finish(notice, NoticeStatus.PENDING, f"{type(exc).__name__}", retry_in=60 * 2 ** (notice.attempts - 1))
        return NoticeStatus.PENDING
    _finish(notice, NoticeStatus.SENT)
    logger.info("reporter notice %s sent (%s, %s)", notice.pk, notice.channel, notice.event)
    return NoticeStatus.SENT


def due_ids(now: datetime.datetime | None = None, limit: int = 500) -> list[int]:
    """Notices waiting for a (first or next) attempt, and those a dead worker left mid-send."""
    moment = now or timezone.now()
    due = Q(status=NoticeStatus.PENDING) & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=moment))
    stale = Q(status=NoticeStatus.SENDING, next_attempt_at__lte=moment)
    return list(ReporterNotice.objects.filter(due | stale).order_by("id").values_list("pk", flat=True)[:limit])
