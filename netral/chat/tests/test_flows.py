"""Whole conversations through both adapters against their stubs: a report filed by chat, and a
supervisor's question answered by chat."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core import mail

from netral.chat.models import ChatPeer, ChatSession, InboundUpdate, OutboundMessage
from netral.chat.tests.stubs import Media
from netral.conversations import services as conversations
from netral.conversations.models import Message
from netral.reports.models import Report
from netral.reports.services import find_by_receipt
from netral.reports.tests.conftest import png_bytes

pytestmark = pytest.mark.django_db
CODE_RE = re.compile(r"NTR(-[0-9A-HJKMNP-TV-Z]{4}){4}")


def walk_to_confirmation(user: Any, *, photo: Any) -> None:
    """The questions of the public form, answered the way a person on a phone would."""
    user.say("halo")
    assert "LAPOR" in user.last_text()
    user.tap("Lapor")
    assert "(1/10) Siapa yang Anda laporkan?" in user.last_text()
    user.tap("ASN")
    assert "(2/10)" in user.last_text()
    user.say("Drs. Bambang Contoh")
    user.say("Camat Banjar")
    user.say("Pemerintah Kota Banjar")
    user.say("Camat mengunggah ajakan memilih pasangan calon nomor 1 di akun Facebook pribadinya.")
    assert "(5/10) Kapan kejadiannya?" in user.last_text()
    user.tap("Kemarin")
    user.tap("Hari ini")
    assert "(7/10)" in user.last_text()
    user.say("banjar")  # several regencies match: the bot offers them
    assert "Pilih kabupaten/kota" in user.last_text()
    user.tap("Kota Banjar")
    assert "(8/10)" in user.last_text()
    user.say("Akun Facebook pribadi, Kecamatan Banjar")
    assert "(9/10) Kirim bukti" in user.last_text()
    photo()
    assert "Bukti diterima: 1" in user.last_text()
    user.say("https://facebook.example/posts/1")
    assert "Bukti diterima: 2" in user.last_text()
    user.tap("Selesai")
    assert "(10/10)" in user.last_text()
    user.tap("Dengan nama")
    user.say("Siti Pelapor")
    user.say("Jl. Mawar 3, Banjar")
    user.say("-")
    user.say("siti@example.test")
    summary = user.last_text()
    assert "Periksa laporan Anda" in summary and "Kota Banjar" in summary and "Syarat laporan lengkap" in summary


def file_by_chat(user: Any, photo: Any) -> tuple[Report, str]:
    walk_to_confirmation(user, photo=photo)
    user.tap("Kirim")
    text = user.last_text()
    match = CODE_RE.search(text)
    assert match, text
    report = find_by_receipt(match.group(0))
    return report, match.group(0)


def test_a_whole_report_filed_by_whatsapp(wa_user: Any, stub: Any, cast: Any) -> None:
    stub.media["wamedia-1"] = Media(png_bytes((80, 60)), "image/png", len(png_bytes((80, 60))))
    report, code = file_by_chat(
        wa_user, lambda: wa_user.send_media("image", "wamedia-1", "image/png", filename="foto.png")
    )

    assert report.region.code == "32.79" and report.subject_name == "Drs. Bambang Contoh"
    assert report.identity == "named" and report.reporter_name == "Siti Pelapor"
    assert report.reporter_phone == "+6281234567890" and report.reporter_email == "siti@example.test"
    assert not report.initial_information and report.case is not None
    kinds = sorted(report.evidence.values_list("kind", flat=True))
    assert kinds == ["image", "link"]
    assert report.receipt_hint == code[:8]
    session = ChatSession.objects.get(report=report)
    assert session.status == "filed" and session.draft == ""  # the typed answers are not kept twice
    assert not (Path(settings.PRIVATE_STORAGE_ROOT) / "chat-media" / str(session.pk)).exists()
    # Buttons where the channel has them: a list for many choices, reply buttons for three.
    interactive = [b["interactive"]["type"] for b in wa_user.received() if b.get("type") == "interactive"]
    assert "list" in interactive and "button" in interactive
    # Every message handled once, nothing left in the outbox, no content kept there.
    assert set(InboundUpdate.objects.values_list("status", flat=True)) == {"done"}
    assert set(OutboundMessage.objects.values_list("status", flat=True)) == {"sent"}
    assert set(OutboundMessage.objects.values_list("payload", flat=True)) == {""}
    # Every call carried the token; the media came by the documented two steps.
    assert {r["headers"].get("Authorization") for r in stub.calls("/messages")} == {"Bearer wa-test-token"}
    assert stub.calls("/wamedia-1") and stub.calls("/lookaside/wamedia-1")


def test_a_whole_report_filed_by_telegram(tg_user: Any, stub: Any, cast: Any) -> None:
    photo = png_bytes((64, 48))
    stub.media["tgphoto-1"] = Media(photo, "image/png", len(photo))
    report, _code = file_by_chat(tg_user, lambda: tg_user.photo("tgphoto-1", len(photo)))
    assert report.region.code == "32.79" and report.reporter_phone == ""  # a Telegram chat id is not a phone
    assert report.evidence.filter(kind="image").count() == 1
    assert stub.calls("/answerCallbackQuery")  # taps are acknowledged
    keyboards = [b for b in tg_user.received() if b.get("reply_markup")]
    assert keyboards and all(len(k["reply_markup"]["inline_keyboard"][0]) == 1 for k in keyboards)


@pytest.mark.parametrize("channel", ["whatsapp", "telegram"])
def test_a_supervisors_question_answered_by_chat(
    channel: str, wa_user: Any, tg_user: Any, stub: Any, cast: Any, django_capture_on_commit_callbacks: Any
) -> None:
    user = wa_user if channel == "whatsapp" else tg_user
    data = png_bytes((40, 30))
    stub.media["m1"] = Media(data, "image/png", len(data))
    stub.media["m2"] = Media(png_bytes((50, 30), (0, 90, 0)), "image/png", len(png_bytes((50, 30), (0, 90, 0))))
    send_photo = (
        (lambda mid: user.send_media("image", mid, "image/png"))
        if channel == "whatsapp"
        else (lambda mid: user.photo(mid, 400))
    )
    report, _code = file_by_chat(user, lambda: send_photo("m1"))
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        question = conversations.ask(
            cast.sup_a, report, "Apakah Anda punya foto camat di lokasi kampanye?", completion_request=True
        )
    notice = user.last_text()
    # The chat notice says that there is a message and how to read it; never the question itself.
    assert "LIHAT" in notice and report.receipt_hint in notice and "foto camat" not in notice
    # The mail too (the supervisors' own mail about the case's opening may go in the same commit).
    to_reporter = [m for m in mail.outbox if "[netral] NTR-" not in m.subject]
    assert len(to_reporter) == 1 and "foto camat" not in to_reporter[0].body

    user.tap("Lihat pesan")
    assert "Apakah Anda punya foto camat di lokasi kampanye?" in user.all_text()
    assert "paling lambat" in user.last_text() or "paling lambat" in user.all_text()
    user.say("Ada, saya kirim fotonya sekarang.")
    assert "Terkirim kepada pengawas" in user.last_text()
    send_photo("m2")
    answers = list(Message.objects.filter(report=report, author="reporter").order_by("id"))
    assert [a.channel for a in answers] == [channel, channel]
    assert answers[0].text == "Ada, saya kirim fotonya sekarang." and answers[0].in_reply_to == question
    assert answers[1].evidence.count() == 1 and answers[1].evidence.get().added_later
    question.refresh_from_db()
    assert question.answered_at is not None
    user.say("status")
    assert "Diterima" in user.last_text()


def test_the_chat_address_is_encrypted_and_never_reaches_staff(wa_user: Any, stub: Any, cast: Any, client: Any) -> None:
    from django.db import connection

    wa_user.say("lapor")
    peer = ChatPeer.objects.get()
    with connection.cursor() as cur:
        cur.execute("SELECT address FROM chat_chatpeer")
        (raw,) = cur.fetchone()
    assert "6281234567890" not in raw and peer.address == "6281234567890"
    wa_user.tap("ASN")
    wa_user.say("Nama Terlapor Rahasia")
    session = ChatSession.objects.get()
    with connection.cursor() as cur:
        cur.execute("SELECT draft FROM chat_chatsession")
        (raw_draft,) = cur.fetchone()
    assert "Rahasia" not in raw_draft and "Rahasia" in session.draft
