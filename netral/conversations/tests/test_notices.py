"""Notices to reporters who gave contact: on a new question and on each public step, a link and the
start of the receipt code only; opt-out; each notice sent once, retried after a failure."""

from __future__ import annotations

import datetime
import re
import smtplib
from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from netral.cases.services import transition_case
from netral.conversations import notify, services
from netral.conversations.models import NotificationOptOut, ReporterNotice
from netral.conversations.tests.helpers import file_report

pytestmark = pytest.mark.django_db

REPORTER = "siti@example.test"


class FailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Any) -> int:
        raise smtplib.SMTPServerDisconnected("down")


def reporter_mail() -> list[Any]:
    return [m for m in mail.outbox if m.to == [REPORTER]]


def assert_no_content(message: Any, report: Any, code: str, *extra: str) -> None:
    text = message.subject + message.body
    for secret in (report.subject_name, report.description[:40], report.place, code, code[9:], *extra):
        assert secret not in text
    assert report.receipt_hint in text and report.receipt_hint == code[:8]
    assert "/laporan/lacak/" in message.body and "/percakapan/berhenti/" in message.body


def test_a_question_is_announced_by_mail_without_its_content(
    cast: Any, django_capture_on_commit_callbacks: Any
) -> None:
    report, code = file_report()
    with django_capture_on_commit_callbacks(execute=True):
        services.ask(cast.sup_a, report, "Apakah kepala dinas hadir sendiri?", completion_request=True)
    (message,) = reporter_mail()
    assert_no_content(message, report, code, "Apakah kepala dinas hadir sendiri?")
    assert "permintaan kelengkapan" in message.body and "paling lambat" in message.body
    notice = ReporterNotice.objects.get()
    assert notice.status == "sent" and notice.channel == "email" and notice.attempts == 1


def test_each_public_step_is_announced_and_the_opening_is_not(
    cast: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        report, code = file_report()
    assert reporter_mail() == []  # the reporter was just given the receipt
    with django_capture_on_commit_callbacks(execute=True):
        case = transition_case(report.case, "initial_review", user=cast.sup_a).case
    with django_capture_on_commit_callbacks(execute=True):
        transition_case(
            case,
            "registered",
            user=cast.sup_a,
            reason="Lengkap",
            registration_number="001/Reg/LP/PB/Kota/13.01/XI/2024",
        )
    messages = reporter_mail()
    assert len(messages) == 2
    for message in messages:
        assert_no_content(message, report, code, "Kajian awal", "Teregistrasi", "001/Reg")
        assert "perkembangan" in message.body
    # A message on the timeline keeps the status: it is not a step.
    with django_capture_on_commit_callbacks(execute=True):
        services.answer(report, "Tambahan keterangan.")
    assert len(reporter_mail()) == 2


def test_the_reporter_opts_out_from_the_link(
    client: Client, cast: Any, django_capture_on_commit_callbacks: Any
) -> None:
    report, code = file_report()
    with django_capture_on_commit_callbacks(execute=True):
        services.ask(cast.sup_a, report, "Pertanyaan pertama")
    link = re.search(r"http://\S+/percakapan/berhenti/(\S+)/", reporter_mail()[0].body)
    assert link is not None
    url = reverse("conversations:opt_out", args=[link.group(1)])
    page = client.get(url)
    assert page.status_code == 200 and report.receipt_hint in page.content.decode()
    assert not NotificationOptOut.objects.exists()  # a GET (a mail scanner) changes nothing
    done = client.post(url)
    assert "data-opted-out" in done.content.decode()
    assert NotificationOptOut.objects.filter(report=report, channel="email").exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.ask(cast.sup_a, report, "Pertanyaan kedua")
        transition_case(report.case, "initial_review", user=cast.sup_a)
    assert len(reporter_mail()) == 1
    assert client.get(reverse("conversations:opt_out", args=["tampered-token"])).status_code == 404


def test_a_notice_pending_when_the_reporter_opts_out_is_skipped(cast: Any) -> None:
    report, _ = file_report()
    services.ask(cast.sup_a, report, "Pertanyaan")  # no on_commit: the notice waits
    services.opt_out(report, "email")
    notice = ReporterNotice.objects.get()
    assert notify.deliver(notice.pk) == "skipped"
    assert reporter_mail() == []


def test_a_notice_goes_once_and_a_failed_one_is_retried(cast: Any, settings: Any) -> None:
    report, _ = file_report()
    services.ask(cast.sup_a, report, "Pertanyaan")
    notice = ReporterNotice.objects.get()
    settings.EMAIL_BACKEND = "netral.conversations.tests.test_notices.FailingBackend"
    assert notify.deliver(notice.pk) == "pending"
    notice.refresh_from_db()
    assert notice.attempts == 1 and notice.next_attempt_at > timezone.now() and notice.error
    assert notify.deliver(notice.pk) == ""  # not due yet
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    ReporterNotice.objects.filter(pk=notice.pk).update(next_attempt_at=timezone.now())
    call_command("deliver_reporter_notices")
    call_command("deliver_reporter_notices")
    assert notify.deliver(notice.pk) == ""
    assert len(reporter_mail()) == 1
    notice.refresh_from_db()
    assert notice.status == "sent" and notice.attempts == 2


def test_a_notice_left_mid_send_by_a_dead_worker_is_sent_after_its_lease(cast: Any) -> None:
    report, _ = file_report()
    services.ask(cast.sup_a, report, "Pertanyaan")
    notice = ReporterNotice.objects.get()
    assert notify.claim(notice.pk) is not None  # a worker took it, then died
    assert notify.due_ids() == []
    assert notify.claim(notice.pk) is None  # nobody else takes it while the lease runs
    later = timezone.now() + datetime.timedelta(seconds=notify.LEASE_SECONDS + 1)
    assert notify.due_ids(later) == [notice.pk]
    ReporterNotice.objects.filter(pk=notice.pk).update(next_attempt_at=timezone.now())
    assert notify.deliver(notice.pk) == "sent"
    assert len(reporter_mail()) == 1


def test_the_staff_mail_about_an_answer_goes_once(cast: Any) -> None:
    from netral.conversations.tasks import notify_staff_of_answer

    report, _ = file_report()
    services.ask(cast.sup_a, report, "Pertanyaan")
    answer = services.answer(report, "Jawaban")
    mail.outbox.clear()
    assert notify_staff_of_answer.call(answer.pk) >= 1
    assert notify_staff_of_answer.call(answer.pk) == 0  # a task given back after a crash never mails twice
    assert [m.to for m in mail.outbox] == [["sup_banjar@example.test"]]
