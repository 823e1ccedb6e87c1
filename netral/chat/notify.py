"""The chat channels as notice channels of the conversation (``conversations.notify.register``).

A notice in a chat says only that something happened and how to read it (LIHAT, STATUS): the
question's text is shown when the reporter asks for it, so a locked phone's preview never shows it.
Outside WhatsApp's 24-hour window the notice goes as the approved template
(``WHATSAPP_NOTICE_TEMPLATE``, parameters: the receipt code's start and the lookup page's link).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from netral.chat import outbox
from netral.chat.adapters import adapter_for
from netral.chat.adapters.base import Button, Outgoing
from netral.chat.models import ChatSession
from netral.conversations.choices import NoticeEvent
from netral.conversations.models import ReporterNotice
from netral.conversations.notify import NoticeContent
from netral.reports.models import Report


class ChatChannelNotifier:
    def __init__(self, channel: str) -> None:
        self.channel = channel

    def reaches(self, report: Report) -> bool:
        if not adapter_for(self.channel).enabled():
            return False
        return ChatSession.objects.filter(report=report, peer__channel=self.channel).exists()

    def message(self, content: NoticeContent) -> Outgoing:
        with translation.override("id"):
            if content.event == NoticeEvent.QUESTION:
                text = _("Pengawas mengirim pesan tentang laporan %(hint)s….") % {"hint": content.hint}
                if content.due_at:
                    text += " " + _("Mohon dijawab paling lambat %(due)s.") % {
                        "due": timezone.localtime(content.due_at).strftime("%d-%m-%Y %H:%M")
                    }
                text += " " + _("Ketik LIHAT untuk membacanya.")
                buttons: tuple[Button, ...] = (Button("cmd:show", _("Lihat pesan")),)
            else:
                text = _("Ada perkembangan laporan %(hint)s…. Ketik STATUS untuk melihatnya.") % {"hint": content.hint}
                buttons = (Button("cmd:status", _("Status laporan")),)
        return Outgoing(text, buttons, notice=True, template_params=(content.hint, content.link))

    def deliver(self, notice: ReporterNotice, content: NoticeContent) -> None:
        session = (
            ChatSession.objects.filter(report_id=notice.report_id, peer__channel=self.channel)
            .select_related("peer")
            .order_by("-id")
            .first()
        )
        if session is None:
            raise LookupError(f"no {self.channel} chat for report {notice.report_id}")
        with transaction.atomic():
            outbox.queue(session.peer, self.message(content), key=f"notice:{notice.pk}")
