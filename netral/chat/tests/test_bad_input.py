"""What a chat can throw at the bot: empty messages, stickers, huge videos, replays, expired drafts,
answers after the case is closed, floods. Each gets a clear reply; nothing half-saved, nothing crashes."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone

from netral.cases.models import Case
from netral.chat.models import ChatSession, InboundUpdate, OutboundMessage
from netral.chat.tests.conftest import wa_envelope
from netral.chat.tests.stubs import Media
from netral.chat.tests.test_flows import file_by_chat
from netral.conversations import services as conversations
from netral.conversations.models import Message
from netral.reports.models import Report
from netral.reports.tests.conftest import png_bytes

pytestmark = pytest.mark.django_db
MB = 1024 * 1024


def start(user: Any) -> None:
    user.say("lapor")
    user.tap("ASN")


def test_empty_text_stickers_and_voice_get_a_clear_reply_and_the_question_again(wa_user: Any, stub: Any) -> None:
    start(wa_user)
    asked = wa_user.last_text()
    wa_user.say("   ")
    assert "Pesan Anda kosong" in wa_user.last_text() and "(2/10)" in wa_user.last_text()
    wa_user.sticker()
    assert "Stiker tidak dapat dipakai" in wa_user.last_text() and "(2/10)" in wa_user.last_text()
    voice = {"id": "audio-1", "mime_type": "audio/ogg; codecs=opus", "sha256": "x=", "voice": True}
    wa_user.deliver(wa_envelope([wa_user.message("audio", voice)], wa_user.address))
    assert "belum dapat diproses" in wa_user.last_text() and "audio" in wa_user.last_text()
    location = {"latitude": -7.37, "longitude": 108.53}
    wa_user.deliver(wa_envelope([wa_user.message("location", location)], wa_user.address))
    assert "belum dapat diproses" in wa_user.last_text()
    session = ChatSession.objects.get()
    assert session.step == "name" and "subject_name" not in session.load()
    assert "(2/10)" in asked


def test_telegram_sticker_and_empty_text(tg_user: Any, stub: Any) -> None:
    start(tg_user)
    tg_user.sticker()
    assert "Stiker" in tg_user.last_text()
    tg_user.deliver(tg_user.update({"text": ""}))
    assert "kosong" in tg_user.last_text()
    tg_user.deliver(tg_user.update({"voice": {"file_id": "v1", "file_unique_id": "v", "duration": 3}}))
    assert "voice" in tg_user.last_text()


def test_a_200_mb_video_is_refused_from_its_declared_size_before_any_download(
    wa_user: Any, tg_user: Any, stub: Any
) -> None:
    stub.media["wa-big"] = Media(None, "video/mp4", 200 * MB)
    stub.media["tg-big"] = Media(None, "video/mp4", 200 * MB)
    for user in (wa_user, tg_user):
        start(user)
    wa_user.send_media("video", "wa-big", "video/mp4")
    assert "terlalu besar (200 MB)" in wa_user.last_text() and "20 MB" in wa_user.last_text()
    assert not stub.calls("/lookaside/wa-big")  # the metadata said 200 MB: never fetched
    tg_user.video("tg-big", 200 * MB)
    assert "terlalu besar (200 MB)" in tg_user.last_text()
    assert not stub.calls("/getFile")  # Telegram's own figure: not even asked for the file
    assert ChatSession.objects.filter(draft__contains="media").count() == 0


def test_a_stream_without_a_declared_size_is_cut_at_the_cap(
    wa_user: Any, tg_user: Any, stub: Any, settings: Any
) -> None:
    settings.EVIDENCE_MAX_BYTES = 1 * MB
    stub.media["wa-stream"] = Media(None, "video/mp4", 200 * MB, declare_size=False)
    stub.media["tg-stream"] = Media(None, "video/mp4", 200 * MB, declare_size=False)
    start(wa_user)
    wa_user.send_media("video", "wa-stream", "video/mp4")
    assert "terlalu besar" in wa_user.last_text() and "1 MB" in wa_user.last_text()
    start(tg_user)
    tg_user.deliver(
        tg_user.update(
            {"video": {"file_id": "tg-stream", "file_unique_id": "u", "width": 1, "height": 1, "duration": 1}}
        )
    )
    assert "terlalu besar" in tg_user.last_text()
    # The client stopped reading soon after the cap: the 200 MB were never pulled through.
    for media_id in ("wa-stream", "tg-stream"):
        assert stub.streamed[media_id] < 20 * MB, stub.streamed


def test_a_file_that_is_not_what_it_claims_is_refused(wa_user: Any, stub: Any) -> None:
    stub.media["fake"] = Media(b"<html><script>alert(1)</script></html>", "image/jpeg", 40)
    start(wa_user)
    wa_user.send_media("image", "fake", "image/jpeg")
    assert "ditolak" in wa_user.last_text() and "text/html" in wa_user.last_text()
    assert "media" not in ChatSession.objects.get().load()


def test_a_replayed_webhook_is_handled_once(wa_user: Any, tg_user: Any, stub: Any) -> None:
    wa_user.say("lapor", msg_id="wamid.SAME")
    first = len(wa_user.received())
    response = wa_user.say("lapor", msg_id="wamid.SAME")
    assert response.status_code == 200 and response.json()["replayed"] == 1
    assert len(wa_user.received()) == first
    tg_user.say("lapor", update_id=777)
    tg_first = len(tg_user.received())
    assert tg_user.say("lapor", update_id=777).json()["replayed"] == 1
    assert len(tg_user.received()) == tg_first
    assert InboundUpdate.objects.count() == 2 and ChatSession.objects.count() == 2


def test_pressing_send_twice_files_once(wa_user: Any, stub: Any, cast: Any) -> None:
    data = png_bytes()
    stub.media["p"] = Media(data, "image/png", len(data))
    report, code = file_by_chat(wa_user, lambda: wa_user.send_media("image", "p", "image/png"))
    send_button = next(bid for body in wa_user.received() for bid, title in _buttons(body) if title == "Kirim")
    wa_user.tap_id(send_button)
    assert "sudah terkirim" in wa_user.last_text() and report.receipt_hint in wa_user.last_text()
    assert Report.objects.count() == 1


def _buttons(body: dict[str, Any]) -> list[tuple[str, str]]:
    from netral.chat.tests.stubs import buttons_of

    return buttons_of(body)


def test_a_message_for_an_expired_conversation(wa_user: Any, stub: Any) -> None:
    data = png_bytes()
    stub.media["p"] = Media(data, "image/png", len(data))
    start(wa_user)
    wa_user.say("Nama Terlapor")
    wa_user.send_media("image", "p", "image/png")
    session = ChatSession.objects.get()
    folder = Path(settings.PRIVATE_STORAGE_ROOT) / "chat-media" / str(session.pk)
    assert any(folder.iterdir())
    old_button = wa_user.buttons()
    ChatSession.objects.filter(pk=session.pk).update(updated_at=timezone.now() - datetime.timedelta(hours=25))
    wa_user.say("Camat")
    assert "berakhir" in wa_user.last_text() and "dihapus" in wa_user.last_text()
    session.refresh_from_db()
    assert session.status == "expired" and session.draft == "" and not folder.exists()
    wa_user.say("Camat")  # told once; then the menu as usual
    assert "LAPOR" in wa_user.last_text() and "berakhir" not in wa_user.last_text()
    if old_button:
        wa_user.tap_id(old_button[0][0])
        assert "sudah berakhir" in wa_user.last_text()


def test_the_periodic_job_expires_idle_drafts(wa_user: Any, stub: Any) -> None:
    from django.core.management import call_command

    start(wa_user)
    wa_user.say("Nama Terlapor")
    ChatSession.objects.update(updated_at=timezone.now() - datetime.timedelta(hours=30))
    call_command("expire_chat_sessions")
    session = ChatSession.objects.get()
    assert session.status == "expired" and session.draft == ""
    wa_user.say("Camat")
    assert "berakhir" in wa_user.last_text()


def test_answering_after_the_case_is_closed(wa_user: Any, stub: Any, cast: Any) -> None:
    data = png_bytes()
    stub.media["p"] = Media(data, "image/png", len(data))
    report, _ = file_by_chat(wa_user, lambda: wa_user.send_media("image", "p", "image/png"))
    conversations.ask(cast.sup_a, report, "Ada saksi?")
    Case.objects.filter(pk=report.case_id).update(status="closed")
    wa_user.say("Ada, dua orang.")
    assert "sudah selesai" in wa_user.last_text()
    assert not Message.objects.filter(author="reporter").exists()


def test_a_thread_flood_from_one_report_is_held(wa_user: Any, stub: Any, cast: Any, settings: Any) -> None:
    settings.THREAD_MESSAGE_RATE = 2
    data = png_bytes()
    stub.media["p"] = Media(data, "image/png", len(data))
    report, _ = file_by_chat(wa_user, lambda: wa_user.send_media("image", "p", "image/png"))
    conversations.ask(cast.sup_a, report, "Ceritakan lagi.")
    for i in range(4):
        wa_user.say(f"Keterangan {i}")
    assert "Terlalu banyak pesan" in wa_user.last_text()
    assert Message.objects.filter(author="reporter").count() == 2


def test_a_chat_flooding_the_bot_is_cut_off_and_told_once(wa_user: Any, stub: Any, settings: Any) -> None:
    settings.CHAT_PEER_RATE = 5
    for i in range(9):
        wa_user.say(f"pesan {i}")
    statuses = list(InboundUpdate.objects.order_by("id").values_list("status", flat=True))
    assert statuses == ["done"] * 5 + ["ignored"] * 4
    told = [t for t in wa_user.stub.texts() if "Terlalu banyak pesan dalam satu jam" in t]
    assert len(told) == 1
    assert set(InboundUpdate.objects.filter(status="ignored").values_list("payload", flat=True)) == {""}


def test_a_stale_button_gets_the_current_question(wa_user: Any, stub: Any) -> None:
    wa_user.say("lapor")
    kind_button = wa_user.button_id("ASN")
    wa_user.tap("ASN")
    wa_user.tap_id(kind_button)  # the same question's button, tapped again later
    assert "pertanyaan sebelumnya" in wa_user.last_text() and "(2/10)" in wa_user.last_text()
    wa_user.tap_id("garbage-without-structure")
    assert "tidak dikenal" in wa_user.last_text()


def test_typed_answers_are_checked_like_the_form(wa_user: Any, stub: Any) -> None:
    start(wa_user)
    for text in ("Nama", "Jabatan", "Instansi", "Cerita kejadian yang cukup panjang untuk dibaca pengawas."):
        wa_user.say(text)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).strftime("%d-%m-%Y")
    wa_user.say(tomorrow)
    assert "masa depan" in wa_user.last_text()
    wa_user.say("tanggal sembarang")
    assert "tidak terbaca" in wa_user.last_text()
    wa_user.say((timezone.localdate() - datetime.timedelta(days=1)).strftime("%d/%m/%Y"))
    wa_user.say((timezone.localdate() - datetime.timedelta(days=3)).isoformat())
    assert "sebelum tanggal kejadian" in wa_user.last_text()
    wa_user.say("kemarin")
    wa_user.say("Atlantis")
    assert "tidak ditemukan" in wa_user.last_text()
    wa_user.say("kabupaten purwakarta")
    assert "(8/10)" in wa_user.last_text()
    wa_user.say("-")
    wa_user.tap("Tanpa bukti")
    wa_user.tap("Anonim")
    summary = wa_user.last_text()  # anonymous: no questions about the reporter, straight to the summary
    assert "Periksa laporan Anda" in summary and "Masih kurang" in summary and "informasi awal" in summary
    wa_user.tap("Kirim")
    report = Report.objects.get()
    assert report.identity == "anonymous" and report.reporter_phone == "" and report.initial_information


def test_cancel_deletes_the_draft_and_its_files(wa_user: Any, stub: Any) -> None:
    data = png_bytes()
    stub.media["p"] = Media(data, "image/png", len(data))
    start(wa_user)
    wa_user.send_media("image", "p", "image/png")
    assert "Bukti diterima (1 berkas)" in wa_user.last_text() and "(2/10)" in wa_user.last_text()
    session = ChatSession.objects.get()
    wa_user.say("BATAL")
    session.refresh_from_db()
    assert session.status == "cancelled" and session.draft == ""
    assert not (Path(settings.PRIVATE_STORAGE_ROOT) / "chat-media" / str(session.pk)).exists()
    assert not Report.objects.exists()


def test_a_failure_inside_one_message_is_answered_and_rolled_back(wa_user: Any, stub: Any, monkeypatch: Any) -> None:
    from netral.chat import intake

    start(wa_user)

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(intake, "next_step", broken)
    wa_user.say("Nama Terlapor")
    assert "tidak dapat kami proses" in wa_user.last_text()
    session = ChatSession.objects.get()
    assert session.step == "name" and "subject_name" not in session.load()  # nothing half-saved
    assert InboundUpdate.objects.order_by("-id").first().status == "failed"
    monkeypatch.undo()
    wa_user.say("Nama Terlapor")
    assert "Apa jabatannya" in wa_user.last_text()


def test_outbox_keeps_order_and_retries_after_a_transient_failure(wa_user: Any, stub: Any) -> None:
    from django.core.management import call_command

    stub.fail.append((500, {"error": {"message": "temporarily unavailable", "code": 2}}))
    wa_user.say("halo")
    row = OutboundMessage.objects.get()
    assert row.status == "pending" and row.attempts == 1 and row.next_attempt_at > timezone.now()
    wa_user.say("lapor")  # queued behind the failed one: waits, so the order holds
    assert OutboundMessage.objects.filter(status="pending").count() == 2
    OutboundMessage.objects.update(next_attempt_at=timezone.now())
    call_command("deliver_chat_outbox")
    texts = wa_user.stub.texts()
    assert "Ini layanan pengaduan" in texts[-2] and "(1/10)" in texts[-1]
    assert set(OutboundMessage.objects.values_list("status", flat=True)) == {"sent"}


def test_a_blocked_bot_fails_the_message_for_good(tg_user: Any, stub: Any) -> None:
    stub.fail.append((403, {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"}))
    tg_user.say("halo")
    row = OutboundMessage.objects.get()
    assert row.status == "failed" and row.payload == "" and "403" in row.error


def test_a_notice_outside_whatsapps_window_goes_as_the_template(
    wa_user: Any, stub: Any, cast: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from netral.chat.models import ChatPeer

    data = png_bytes()
    stub.media["p"] = Media(data, "image/png", len(data))
    report, _ = file_by_chat(wa_user, lambda: wa_user.send_media("image", "p", "image/png"))
    ChatPeer.objects.update(last_inbound_at=timezone.now() - datetime.timedelta(hours=30))
    with django_capture_on_commit_callbacks(execute=True):
        conversations.ask(cast.sup_a, report, "Pertanyaan sesudah dua hari")
    last = wa_user.received()[-1]
    assert last["type"] == "template" and last["template"]["name"] == "netral_pemberitahuan"
    params = [p["text"] for p in last["template"]["components"][0]["parameters"]]
    assert params[0] == report.receipt_hint and params[1].endswith("/laporan/lacak/")
    assert "Pertanyaan sesudah" not in json.dumps(last)


def test_telegram_refusing_a_file_as_too_big_is_said_so(tg_user: Any, stub: Any) -> None:
    stub.media["tg-doc"] = Media(None, "application/pdf", 50 * MB)  # Telegram knows its size; the message did not say
    start(tg_user)
    tg_user.deliver(
        tg_user.update({"document": {"file_id": "tg-doc", "file_unique_id": "d", "file_name": "bukti.pdf"}})
    )
    assert "terlalu besar" in tg_user.last_text()
    assert stub.calls("/getFile") and not stub.calls("/file/bot")


def test_a_reply_left_mid_send_by_a_dead_worker_goes_once_after_its_lease(wa_user: Any, stub: Any) -> None:
    from netral.chat import outbox, services

    stub.fail.append((500, {"error": {"message": "down", "code": 2}}))
    wa_user.say("halo")
    row = OutboundMessage.objects.get()
    # A worker claimed it, then was killed before the API answered: nobody else sends it during the lease.
    OutboundMessage.objects.filter(pk=row.pk).update(
        status="sending", next_attempt_at=timezone.now() + datetime.timedelta(seconds=60)
    )
    assert outbox.flush(row.peer_id) == 0
    OutboundMessage.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
    assert outbox.flush(row.peer_id) == 1
    assert outbox.flush(row.peer_id) == 0
    # Two calls in all: the one that failed with 500, then the one after the lease; none while it ran.
    assert len(stub.calls("/messages")) == 2
    row.refresh_from_db()
    assert row.status == "sent" and row.attempts == 2
    # Handling is idempotent too: a second run of the task finds nothing pending.
    assert services.process(row.peer_id) == 0
