"""The channel-neutral conversation: one inbound event in, the replies out, the state in the database.

``Conversation.handle`` runs inside the transaction that holds the peer's row lock (``services``),
so events of one chat are handled one at a time and in order, and whatever a step decides (the
draft, a filed report, a message to the supervisor, the replies) commits together or not at all.

States: no session (the menu) → ``intake`` (the form's questions, ``chat.intake``) → ``filed`` (the
report's conversation: supervisors' questions out, answers and files in) or ``cancelled`` /
``expired`` (the draft and its media deleted). Global words work in every state: LAPOR, STATUS,
LIHAT, BATAL, BERHENTI, BANTUAN.
"""

from __future__ import annotations

import datetime
import logging
import secrets
import shutil
from functools import partial
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from netral.chat import intake
from netral.chat.adapters import http
from netral.chat.adapters.base import BUTTON, EMPTY, MEDIA, STICKER, TEXT, Adapter, Button, Inbound, Outgoing
from netral.chat.choices import SessionStatus
from netral.chat.models import ChatPeer, ChatSession
from netral.conversations import services as conversations
from netral.conversations.choices import Author
from netral.conversations.models import Message
from netral.core.uploads import write_new
from netral.reports import evidence as ev
from netral.reports import idempotency
from netral.reports import selectors as report_selectors
from netral.reports import services as report_services
from netral.reports.choices import Identity
from netral.reports.models import Report

logger = logging.getLogger(__name__)

COMMANDS = {
    "lapor": "report", "mulai": "report", "baru": "report", "start": "report", "laporan baru": "report",
    "status": "status", "cek status": "status", "lacak": "status",
    "lihat": "show", "baca": "show", "pesan": "show",
    "batal": "cancel", "batalkan": "cancel", "cancel": "cancel",
    "berhenti": "stop", "stop": "stop",
    "bantuan": "help", "menu": "help", "help": "help", "halo": "help", "hai": "help",
}  # fmt: skip


# An expired session whose owner was told (the next message is handled normally).
TOLD = "told"


def idle_hours() -> int:
    return int(getattr(settings, "CHAT_IDLE_HOURS", 24))


def media_root(session_id: int) -> Path:
    """Files sent during an intake wait here (private storage) until the report is filed or dropped."""
    return Path(settings.PRIVATE_STORAGE_ROOT) / "chat-media" / str(session_id)


def remove_media(session_id: int) -> None:
    shutil.rmtree(media_root(session_id), ignore_errors=True)


def lookup_url() -> str:
    return f"{getattr(settings, 'SITE_URL', '').rstrip('/')}{reverse('reports:receipt_lookup')}"


def menu_buttons() -> tuple[Button, ...]:
    return (
        Button("cmd:report", _("Lapor")),
        Button("cmd:status", _("Status laporan")),
        Button("cmd:help", _("Bantuan")),
    )


def command_for(text: str) -> str | None:
    word = " ".join(text.strip().lower().lstrip("/").split())
    word = word.split("@", 1)[0]  # Telegram: /start@NamaBot
    return COMMANDS.get(word)


class Conversation:
    def __init__(self, peer: ChatPeer, adapter: Adapter, now: datetime.datetime | None = None) -> None:
        self.peer = peer
        self.adapter = adapter
        self.now = now or timezone.now()
        self.session: ChatSession | None = ChatSession.objects.filter(peer=peer).order_by("-id").first()
        self.out: list[Outgoing] = []

    # --- small helpers ---------------------------------------------------------------------------

    def say(self, text: str, buttons: tuple[Button, ...] = ()) -> None:
        self.out.append(Outgoing(text, buttons))

    @property
    def intake_session(self) -> ChatSession | None:
        s = self.session
        return s if s is not None and s.status == SessionStatus.INTAKE else None

    def _save(self, session: ChatSession, draft: dict[str, Any] | None = None) -> None:
        if draft is not None:
            session.store(draft)
        session.updated_at = self.now
        session.save()

    def _prompt(self, prefix: str = "") -> None:
        s = self.intake_session
        if s is None:
            self.say(
                prefix or _("Ketik LAPOR untuk melaporkan, atau STATUS untuk melihat laporan Anda."), menu_buttons()
            )
            return
        self.out.append(intake.prompt(s.pk, s.step, s.load(), prefix=prefix))

    def _drop(self, session: ChatSession, status: str) -> None:
        """End an intake without filing: the draft is deleted now, its files after commit."""
        session.status = status
        session.step = ""
        self._save(session, {})
        transaction.on_commit(partial(remove_media, session.pk))

    # --- entry point ----------------------------------------------------------------------------

    def _tell_expired(self, session: ChatSession) -> None:
        session.step = TOLD
        session.save(update_fields=["step"])
        self.say(
            _(
                "Percakapan sebelumnya berakhir karena tidak ada balasan selama %(h)d jam, dan isiannya sudah "
                "dihapus. Ketik LAPOR untuk mulai lagi."
            )
            % {"h": idle_hours()},
            menu_buttons(),
        )

    def handle(self, inbound: Inbound) -> list[Outgoing]:
        s = self.intake_session
        if s is not None and self.now - s.updated_at > datetime.timedelta(hours=idle_hours()):
            self._drop(s, SessionStatus.EXPIRED)
        latest = self.session
        if latest is not None and latest.status == SessionStatus.EXPIRED and latest.step != TOLD:
            # A message for an expired draft: say so once, and act on it only if it is a command.
            self._tell_expired(latest)
            is_command = inbound.button.startswith("cmd:") or (inbound.kind == TEXT and command_for(inbound.text))
            if not is_command:
                return self.out
        if inbound.kind == BUTTON:
            self._button(inbound)
        elif inbound.kind == TEXT:
            command = command_for(inbound.text)
            if command:
                self._command(command)
            else:
                self._text(inbound.text)
        elif inbound.kind == MEDIA:
            self._media(inbound)
        elif inbound.kind == STICKER:
            self._prompt(_("Stiker tidak dapat dipakai sebagai jawaban atau bukti. Kirim teks, foto, video atau PDF."))
        elif inbound.kind == EMPTY:
            self._prompt(_("Pesan Anda kosong. Tulis jawabannya dengan teks."))
        else:
            self._prompt(
                _("Pesan jenis ini (%(kind)s) belum dapat diproses. Kirim teks, foto, video atau PDF.")
                % {"kind": inbound.detail or _("tidak dikenal")}
            )
        return self.out

    # --- buttons and commands --------------------------------------------------------------------

    def _button(self, inbound: Inbound) -> None:
        data = inbound.button
        if data.startswith("cmd:"):
            self._command(data[4:])
            return
        parts = data.split(":", 2)
        if len(parts) != 3 or not parts[0].isdigit():
            self._prompt(_("Tombol itu tidak dikenal."))
            return
        session_id, step, value = int(parts[0]), parts[1], parts[2]
        s = self.intake_session
        if s is None or s.pk != session_id or s.step != step:
            old = ChatSession.objects.filter(pk=session_id, peer=self.peer).first()
            if old is not None and old.status == SessionStatus.FILED and step == "confirm" and old.report is not None:
                self._prompt(
                    _("Laporan ini sudah terkirim (kode tanda terima berawalan %(hint)s).")
                    % {"hint": old.report.receipt_hint}
                )
            elif old is not None and old.status == SessionStatus.EXPIRED:
                self._prompt(_("Tombol itu dari percakapan yang sudah berakhir. Ketik LAPOR untuk mulai lagi."))
            else:
                self._prompt(_("Tombol itu dari pertanyaan sebelumnya. Jawab pertanyaan terakhir berikut."))
            return
        self._advance(s, intake.Answer(inbound.text or value, value))

    def _command(self, command: str) -> None:
        handler = {
            "report": self._start,
            "status": self._status,
            "show": self._show,
            "cancel": self._cancel,
            "stop": self._stop,
            "help": self._help,
        }.get(command, self._help)
        handler()

    def _help(self) -> None:
        text = _(
            "Ini layanan pengaduan pelanggaran netralitas ASN dalam pemilihan, diteruskan kepada pengawas pemilu "
            "(Bawaslu). Ketik:\n"
            "LAPOR untuk membuat laporan,\nSTATUS untuk melihat status laporan Anda,\n"
            "LIHAT untuk membaca pesan dari pengawas,\nBATAL untuk membatalkan laporan yang sedang diisi,\n"
            "BERHENTI untuk berhenti menerima pemberitahuan."
        )
        if self.intake_session is not None:
            self._prompt(text)
        else:
            self.say(text, menu_buttons())

    def _start(self) -> None:
        if self.intake_session is not None:
            self._prompt(_("Anda sedang mengisi laporan. Lanjutkan dari pertanyaan ini, atau ketik BATAL."))
            return
        s = ChatSession(
            peer=self.peer,
            status=SessionStatus.INTAKE,
            step=intake.STEPS[0],
            client_token=secrets.token_urlsafe(24),
            updated_at=self.now,
        )
        s.save()
        self.session = s
        self._prompt(
            _(
                "Terima kasih sudah melapor. Ada 10 pertanyaan singkat; jawab satu per satu. Ketik BATAL kapan saja "
                "untuk membatalkan. Isian yang tidak dilanjutkan selama %(h)d jam dihapus."
            )
            % {"h": idle_hours()}
        )

    def _cancel(self) -> None:
        s = self.intake_session
        if s is None:
            self.say(_("Tidak ada laporan yang sedang diisi."), menu_buttons())
            return
        self._drop(s, SessionStatus.CANCELLED)
        self.say(_("Laporan dibatalkan dan isian Anda sudah dihapus."), menu_buttons())

    def _reports(self) -> list[Report]:
        sessions = (
            ChatSession.objects.filter(peer=self.peer, status=SessionStatus.FILED, report__isnull=False)
            .select_related("report__case")
            .order_by("-id")
        )
        return [s.report for s in sessions if s.report is not None]

    def _status(self) -> None:
        reports = self._reports()[:3]
        if not reports:
            self.say(_("Belum ada laporan dari chat ini. Ketik LAPOR untuk melapor."), menu_buttons())
            return
        lines = []
        for report in reports:
            status = report_selectors.receipt_status(report)
            told = status.outcome.as_text() if status.outcome else f"{status.status_label}. {status.next_step}"
            lines.append(_("Laporan %(hint)s…: %(told)s") % {"hint": report.receipt_hint, "told": told})
        lines.append(_("Rincian: %(url)s (dengan kode tanda terima).") % {"url": lookup_url()})
        self.say("\n\n".join(str(x) for x in lines))

    def _show(self) -> None:
        """The supervisors' messages, shown on request so a locked phone's preview never carries them."""
        shown = False
        for report in self._reports()[:3]:
            staff = list(Message.objects.filter(report=report, author=Author.STAFF).order_by("-created_at", "-id")[:3])
            if not staff:
                continue
            shown = True
            for m in reversed(staff):
                head = _("Pesan pengawas tentang laporan %(hint)s… (%(at)s):") % {
                    "hint": report.receipt_hint,
                    "at": timezone.localtime(m.created_at).strftime("%d-%m-%Y %H:%M"),
                }
                if m.completion_request and m.due_at and m.answered_at is None:
                    head += "\n" + _("Permintaan kelengkapan: mohon jawab paling lambat %(due)s.") % {
                        "due": timezone.localtime(m.due_at).strftime("%d-%m-%Y %H:%M")
                    }
                self.say(f"{head}\n{m.text}")
        if not shown:
            self.say(_("Belum ada pesan dari pengawas."), menu_buttons())
            return
        self.say(_("Untuk menjawab, ketik jawaban Anda di sini, atau kirim foto, video atau PDF."))

    def _stop(self) -> None:
        reports = self._reports()
        for report in reports:
            conversations.opt_out(report, self.peer.channel)
        self.say(
            _("Pemberitahuan lewat chat ini dihentikan. Anda tetap dapat mengetik STATUS atau LIHAT kapan saja.")
            if reports
            else _("Tidak ada pemberitahuan yang perlu dihentikan.")
        )

    # --- answers --------------------------------------------------------------------------------

    def _text(self, text: str) -> None:
        s = self.intake_session
        if s is not None:
            self._advance(s, intake.Answer(text))
            return
        report = self._thread_report()
        if report is None:
            self._help()
            return
        self._to_thread(report, text, [])

    def _advance(self, s: ChatSession, answer: intake.Answer) -> None:
        draft = s.load()
        step = s.step
        result = intake.build_steps()[step].accept(draft, answer)
        if result is not None:  # ask again: with the reason, or (empty) with new choices
            self._save(s, draft)
            self.out.append(intake.prompt(s.pk, step, draft, prefix=result))
            return
        if step == "confirm":
            decision = draft.pop("_decision", "")
            if decision == "cancel":
                self._cancel()
            elif decision == "restart":
                s.step = intake.STEPS[0]
                self._save(s, {"media": draft.get("media") or []})
                self._prompt(_("Baik, kita ulangi dari awal. Bukti yang sudah dikirim tetap disimpan."))
            else:
                self._file(s, draft)
            return
        s.step = intake.next_step(step, draft)
        self._save(s, draft)
        self._prompt()

    def _file(self, s: ChatSession, draft: dict[str, Any]) -> None:
        """Bind the draft to the public form and file it through the same service, idempotently."""
        if self.peer.channel == "whatsapp" and draft.get("identity") != Identity.ANONYMOUS:
            draft["reporter_phone"] = f"+{self.peer.address.lstrip('+')}"
        form = intake.bound_form(draft, s.client_token)
        if not form.is_valid():
            step, message = intake.first_error_step(form)
            s.step = step
            self._save(s, draft)
            self._prompt(message)
            return
        handles = []
        try:
            for item in draft.get("media") or []:
                handle = (media_root(s.pk) / item["sha"]).open("rb")
                handles.append(handle)
            files = [File(h, name=item["name"]) for h, item in zip(handles, draft.get("media") or [], strict=True)]
            try:
                report, code = report_services.submit_report(
                    form.cleaned_data, files, request_meta={}, client_token=s.client_token
                )
            except idempotency.TokenReused:
                s.client_token = secrets.token_urlsafe(24)
                report, code = report_services.submit_report(
                    form.cleaned_data, files, request_meta={}, client_token=s.client_token
                )
        except FileNotFoundError:
            s.step = "evidence"
            self._save(s, {**draft, "media": []})
            self._prompt(_("Berkas bukti Anda tidak ditemukan lagi. Kirim ulang buktinya, lalu tekan Selesai."))
            return
        except ValidationError as exc:
            s.step = "evidence"
            self._save(s, {**draft, "media": []})
            self._prompt(" ".join(exc.messages) + " " + _("Kirim ulang buktinya, lalu tekan Selesai."))
            return
        finally:
            for handle in handles:
                handle.close()
        s.status = SessionStatus.FILED
        s.step = "filed"
        s.report = report
        self._save(s, {})
        transaction.on_commit(partial(remove_media, s.pk))
        lines = [
            _("Laporan Anda sudah kami terima."),
            _("Kode tanda terima: %(code)s") % {"code": code},
            _(
                "Simpan kode ini: hanya dengan kode ini laporan dapat dilacak di %(url)s. Pesan dari pengawas akan "
                "kami sampaikan lewat chat ini (ketik BERHENTI jika tidak ingin)."
            )
            % {"url": lookup_url()},
        ]
        if report.initial_information:
            lines.append(
                _(
                    "Karena ada syarat yang belum terpenuhi, laporan disimpan sebagai informasi awal; pengawas dapat "
                    "menjadikannya temuan atau meminta Anda melengkapinya."
                )
            )
        self.say("\n\n".join(str(x) for x in lines), menu_buttons()[1:])
        logger.info("chat session %s filed report %s", s.pk, report.pk)

    def _thread_report(self) -> Report | None:
        """Where an answer goes: the report with the latest unanswered supervisor message, else the latest
        report the supervisors have written about; none when no supervisor has written yet."""
        reports = self._reports()
        if not reports:
            return None
        ids = [r.pk for r in reports]
        waiting = (
            Message.objects.filter(report_id__in=ids, author=Author.STAFF, answered_at__isnull=True)
            .order_by("-created_at", "-id")
            .values_list("report_id", flat=True)
            .first()
        )
        if waiting is None:
            waiting = (
                Message.objects.filter(report_id__in=ids, author=Author.STAFF)
                .order_by("-created_at", "-id")
                .values_list("report_id", flat=True)
                .first()
            )
        return next((r for r in reports if r.pk == waiting), None)

    def _to_thread(self, report: Report, text: str, files: list[Any]) -> None:
        try:
            conversations.answer(report, text, files, channel=self.peer.channel)
        except conversations.ThreadClosed:
            self.say(
                _(
                    "Penanganan laporan %(hint)s… sudah selesai; pesan tidak dapat ditambahkan lagi. "
                    "Ketik LAPOR untuk laporan baru."
                )
                % {"hint": report.receipt_hint},
                menu_buttons(),
            )
        except conversations.ThreadFlood as exc:
            self.say(
                _(
                    "Terlalu banyak pesan untuk laporan ini dalam satu jam. Pesan ini belum terkirim; "
                    "coba lagi dalam %(m)d menit."
                )
                % {"m": max(1, exc.retry_after // 60)}
            )
        except ValidationError as exc:
            self.say(" ".join(exc.messages))
        else:
            self.say(_("Terkirim kepada pengawas (laporan %(hint)s…). Terima kasih.") % {"hint": report.receipt_hint})

    # --- files ----------------------------------------------------------------------------------

    def _download(self, inbound: Inbound) -> Any | None:
        """The file, capped and checked like any evidence; None (with the reason said) when refused."""
        assert inbound.media is not None
        limit = ev.max_bytes()
        try:
            upload = self.adapter.open_media(inbound.media, limit)
        except http.TooLarge as exc:
            size = f" ({exc.size // (1024 * 1024)} MB)" if exc.size else ""
            self._prompt(
                _(
                    "Berkas terlalu besar%(size)s; batasnya %(mb)d MB per berkas. Potong videonya, atau kirim "
                    "tautannya (misalnya dari Google Drive atau YouTube)."
                )
                % {"size": size, "mb": limit // (1024 * 1024)}
            )
            return None
        except http.HttpFailure:
            logger.warning("chat media of peer %s could not be fetched", self.peer.pk)
            self._prompt(_("Berkas tidak dapat diambil. Coba kirim sekali lagi."))
            return None
        try:
            ev.check_file(upload)
        except ValidationError as exc:
            upload.close()
            self._prompt(" ".join(exc.messages))
            return None
        return upload

    def _media(self, inbound: Inbound) -> None:
        s = self.intake_session
        if s is None:
            report = self._thread_report()
            if report is None:
                self._help()
                return
            upload = self._download(inbound)
            if upload is not None:
                try:
                    self._to_thread(report, inbound.text, [upload])
                finally:
                    upload.close()
            return
        draft = s.load()
        media = list(draft.get("media") or [])
        if len(media) >= ev.max_files():
            self._prompt(_("Paling banyak %(n)d berkas bukti per laporan.") % {"n": ev.max_files()})
            return
        upload = self._download(inbound)
        if upload is None:
            return
        try:
            checked = ev.check_file(upload)
            write_new(media_root(s.pk) / checked.sha256, _chunks(upload))
        finally:
            upload.close()
        if all(item["sha"] != checked.sha256 for item in media):
            media.append({"sha": checked.sha256, "name": checked.name, "kind": checked.kind, "size": checked.size})
        draft["media"] = media
        self._save(s, draft)
        if s.step == "evidence":
            self._prompt()
        else:
            self._prompt(_("Bukti diterima (%(n)d berkas).") % {"n": len(media)})


def _chunks(upload: Any) -> Any:
    upload.seek(0)
    while chunk := upload.read(1024 * 1024):
        yield chunk
