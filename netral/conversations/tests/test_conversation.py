"""A supervisor asks, the reporter answers under the receipt code: scope, audit, timeline, clocks, refusals."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from netral.cases.models import CaseTransition
from netral.cases.services import transition_case
from netral.conversations import services
from netral.conversations.models import Message, ReporterNotice
from netral.conversations.tests.helpers import file_report
from netral.core.models import ObjectChange
from netral.reports.models import Evidence
from netral.reports.tests.conftest import png_bytes, upload

pytestmark = pytest.mark.django_db


def ask(client: Client, case_number: str, text: str, **extra: Any) -> Any:
    from netral.reports.models import Report

    report = Report.objects.filter(case__number=case_number).first()
    data = {"text": text, "kind": "question", "report": report.pk if report else "", **extra}
    return client.post(reverse("conversations:ask", args=[case_number]), data)


def reply(client: Client, code: str, text: str = "", files: list[Any] | None = None) -> Any:
    data: dict[str, Any] = {"code": code, "text": text}
    if files:
        data["evidence"] = files
    return client.post(reverse("conversations:reply"), data)


def test_a_supervisor_asks_from_the_case_page_and_it_is_audited_and_on_the_timeline(
    client: Client, cast: Any, django_capture_on_commit_callbacks: Any
) -> None:
    report, _code = file_report()
    client.force_login(cast.sup_a)
    page = client.get(reverse("cases:detail", args=[report.case.number])).content.decode()
    assert 'id="percakapan"' in page and "data-ask-form" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, report.case.number, "Kapan tepatnya unggahan itu dibuat?", completion_request="on")
    assert response.status_code == 302
    message = Message.objects.get()
    assert message.author == "staff" and message.user == cast.sup_a and message.completion_request
    # The clock: 2 calendar days, to the end of the second day after the request (local time).
    sent = timezone.localtime(message.created_at)
    assert timezone.localtime(message.due_at).date() == sent.date() + datetime.timedelta(days=2)
    assert timezone.localtime(message.due_at).time() == datetime.time(23, 59, 59)

    change = ObjectChange.objects.get(object_type="conversations.message", object_id=str(message.pk))
    assert change.user == cast.sup_a and change.postchange["text"] == "***"
    entry = CaseTransition.objects.filter(case=report.case, data__conversation="question").get()
    assert entry.from_status == entry.to_status == report.case.status
    assert "Pertanyaan kepada pelapor" in entry.reason and "permintaan kelengkapan" in entry.reason
    assert entry.user == cast.sup_a

    page = client.get(reverse("cases:detail", args=[report.case.number])).content.decode()
    assert "Kapan tepatnya unggahan itu dibuat?" in page
    assert "data-completion-clock" in page and "Permintaan kelengkapan: pelapor menjawab dalam 2 hari" in page
    assert "sisa" in page


def test_the_completion_request_days_are_a_setting(cast: Any, settings: Any) -> None:
    settings.NETRAL_DEADLINES = {**settings.NETRAL_DEADLINES, "completion_request_days": 5}
    report, _ = file_report()
    message = services.ask(cast.sup_a, report, "Mohon lampirkan tangkapan layar.", completion_request=True)
    days = (timezone.localtime(message.due_at).date() - timezone.localtime(message.created_at).date()).days
    assert days == 5


def test_only_supervisors_in_scope_may_ask_and_other_roles_see_no_thread(client: Client, cast: Any) -> None:
    report, _ = file_report()
    number = report.case.number
    for user in (cast.sup_b, cast.sup_other, cast.panwascam_a):
        client.force_login(user)
        assert ask(client, number, "Pertanyaan dari luar wilayah").status_code == 404
    assert not Message.objects.exists()
    services.ask(cast.sup_a, report, "Siapa saja yang hadir?")
    # An analyst of the region reads the thread but has no form; BKN and PPK see no thread at all.
    client.force_login(cast.analyst_a)
    page = client.get(reverse("cases:detail", args=[number])).content.decode()
    assert "Siapa saja yang hadir?" in page and "data-ask-form" not in page
    assert ask(client, number, "Boleh saya bertanya?").status_code == 404
    from netral.conversations.selectors import staff_threads

    assert staff_threads(cast.bkn, report.case) == [] and staff_threads(cast.ppk_a, report.case) == []


def test_findings_have_no_reporter_to_ask(cast: Any) -> None:
    from django.core.exceptions import ValidationError

    from netral.reports.services import record_finding
    from netral.reports.tests.conftest import report_data

    finding = record_finding(cast.sup_a, report_data())
    with pytest.raises(ValidationError):
        services.ask(cast.sup_a, finding, "Pertanyaan")


def test_the_reporter_answers_with_text_and_a_file_on_the_lookup_page(
    client: Client, cast: Any, django_capture_on_commit_callbacks: Any
) -> None:
    report, code = file_report()
    question = services.ask(cast.sup_a, report, "Apakah ada foto kejadiannya?", completion_request=True)
    lookup = client.post(reverse("reports:receipt_lookup"), {"code": code}).content.decode()
    assert "Apakah ada foto kejadiannya?" in lookup and "data-open-request" in lookup
    assert "sup_banjar" not in lookup  # the reporter never sees a staff name

    with django_capture_on_commit_callbacks(execute=True):
        response = reply(client, code, "Ada, saya lampirkan fotonya.", [upload("kejadian.png", png_bytes())])
    assert response.status_code == 200
    assert "data-reply-sent" in response.content.decode()
    answer = Message.objects.get(author="reporter")
    assert answer.in_reply_to == question and answer.channel == "web"
    evidence = answer.evidence.get()
    assert evidence.added_later and evidence.report == report and evidence.content_type == "image/png"
    question.refresh_from_db()
    assert question.answered_at is not None  # the request's clock stopped
    entry = CaseTransition.objects.get(case=report.case, data__conversation="answer")
    assert entry.user is None and entry.user_name == "publik" and "1 berkas" in entry.reason
    assert ObjectChange.objects.filter(object_type="conversations.message", object_id=str(answer.pk)).exists()
    # The supervisors in charge are told, without the content.
    staff_mail = [m for m in mail.outbox if "sup_banjar@example.test" in m.to]
    assert staff_mail and "saya lampirkan" not in staff_mail[0].body and report.case.number in staff_mail[0].subject


def test_a_signed_in_browser_answering_is_still_the_public(client: Client, cast: Any) -> None:
    report, code = file_report()
    services.ask(cast.sup_a, report, "Di mana tepatnya?")
    client.force_login(cast.sup_b)
    reply(client, code, "Di lapangan kota.")
    entry = CaseTransition.objects.get(case=report.case, data__conversation="answer")
    assert entry.user is None and entry.user_name == "publik"


def test_bad_input_is_refused_and_nothing_is_half_saved(client: Client, cast: Any) -> None:
    report, code = file_report()
    services.ask(cast.sup_a, report, "Ada bukti lain?")
    before_evidence = Evidence.objects.count()
    empty = reply(client, code, "   ")
    assert empty.status_code == 400 and "Tuliskan jawaban Anda" in empty.content.decode()
    disguised = reply(
        client, code, "Ini buktinya", [upload("foto.png", b"<html><script>x</script></html>", "image/png")]
    )
    assert disguised.status_code == 400 and "ditolak" in disguised.content.decode()
    assert "Ini buktinya" in disguised.content.decode()  # what was typed is kept
    assert not Message.objects.filter(author="reporter").exists()
    assert Evidence.objects.count() == before_evidence
    unknown = reply(client, "NTR-2222-2222-2222-2222-2222", "Halo")
    assert 'data-lookup="not-found"' in unknown.content.decode()


def test_a_reporter_who_answers_after_the_case_is_closed_is_told_so(client: Client, cast: Any) -> None:
    report, code = file_report()
    services.ask(cast.sup_a, report, "Masih ada yang ingin ditambahkan?")
    case = transition_case(report.case, "initial_review", user=cast.sup_a).case
    transition_case(case, "not_registered", user=cast.sup_a, reason="Terlambat", not_registered_reason="late")
    from netral.cases.models import Case

    Case.objects.filter(pk=case.pk).update(status="closed")
    response = reply(client, code, "Saya punya bukti baru.")
    assert response.status_code == 409 and "sudah selesai" in response.content.decode()
    assert not Message.objects.filter(author="reporter").exists()
    with pytest.raises(services.ThreadClosed):
        services.ask(cast.sup_a, report, "Satu lagi?")
    lookup = client.post(reverse("reports:receipt_lookup"), {"code": code}).content.decode()
    assert "data-thread-closed" in lookup and "data-reply-form" not in lookup


def test_a_thread_flood_from_one_receipt_code_is_held_at_the_limit(client: Client, cast: Any, settings: Any) -> None:
    settings.THREAD_MESSAGE_RATE = 3
    settings.RECEIPT_LOOKUP_RATE = 100
    report, code = file_report()
    services.ask(cast.sup_a, report, "Ceritakan lebih rinci.")
    codes = [reply(client, code, f"Keterangan {i}").status_code for i in range(5)]
    assert codes == [200, 200, 200, 429, 429]
    assert Message.objects.filter(author="reporter").count() == 3
    last = reply(client, code, "Keterangan terakhir")
    assert last.status_code == 429 and int(last["Retry-After"]) > 0
    assert "Keterangan terakhir" in last.content.decode()


def test_staff_never_see_the_reporters_identity_in_the_thread(client: Client, cast: Any) -> None:
    report, code = file_report(identity="confidential")
    services.ask(cast.sup_a, report, "Apakah Anda melihat langsung?")
    services.answer(report, "Ya, saya melihat langsung.")
    for user in (cast.sup_a, cast.analyst_a):
        client.force_login(user)
        page = client.get(reverse("cases:detail", args=[report.case.number])).content.decode()
        assert "Ya, saya melihat langsung." in page
        assert "Siti Pelapor" not in page and "Jl. Mawar" not in page and "3279014107900001" not in page


def test_an_anonymous_reporter_gets_no_mail_and_stays_anonymous(
    cast: Any, django_capture_on_commit_callbacks: Any
) -> None:
    report, _ = file_report(identity="anonymous")
    assert report.reporter_email == "" and report.reporter_name == ""
    with django_capture_on_commit_callbacks(execute=True):
        services.ask(cast.sup_a, report, "Bisa dijelaskan lagi?")
    assert not ReporterNotice.objects.exists()
    assert not [m for m in mail.outbox if m.to != ["sup_banjar@example.test"]]
