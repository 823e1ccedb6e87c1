"""The conversation under a receipt code: supervisors' questions and the reporter's answers.

A thread belongs to one report (a case with several reports has several threads). Messages are
append-only; the one column that changes is ``answered_at`` on a supervisor's message, when the
reporter answers it (that stops a completion request's clock). Reporter notices (mail, chat) are
an outbox: ``ReporterNotice`` rows written in the transaction of the event, delivered by a worker.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from netral.conversations.choices import Author, Channel, MessageKind, NoticeEvent, NoticeStatus
from netral.core.scoping import ScopedQuerySet


class Message(models.Model):
    # The text stays in this append-only table; audit records name the message, never repeat what it says.
    AUDIT_EXCLUDE = ("text",)

    report = models.ForeignKey(
        "reports.Report", verbose_name=_("laporan"), on_delete=models.PROTECT, related_name="messages"
    )
    author = models.CharField(_("pengirim"), max_length=10, choices=Author.choices)
    kind = models.CharField(_("jenis pesan"), max_length=10, choices=MessageKind.choices)
    text = models.TextField(_("isi pesan"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("petugas"), null=True, blank=True, on_delete=models.SET_NULL
    )
    user_name = models.CharField(_("nama petugas"), max_length=150, blank=True)
    channel = models.CharField(_("saluran"), max_length=10, choices=Channel.choices, default=Channel.WEB)
    # A formal request for completion (permintaan kelengkapan) runs its own legal clock until answered.
    completion_request = models.BooleanField(_("permintaan kelengkapan"), default=False)
    due_at = models.DateTimeField(_("tenggat jawaban"), null=True, blank=True)
    answered_at = models.DateTimeField(_("dijawab pada"), null=True, blank=True)
    in_reply_to = models.ForeignKey(
        "self", verbose_name=_("menjawab"), null=True, blank=True, on_delete=models.PROTECT, related_name="answers"
    )
    evidence = models.ManyToManyField("reports.Evidence", verbose_name=_("bukti"), blank=True, related_name="+")
    # A reporter's message: when the supervisors in charge were mailed (claimed once, so never twice).
    staff_notified_at = models.DateTimeField(_("petugas diberi tahu pada"), null=True, blank=True)
    created_at = models.DateTimeField(_("dikirim pada"), auto_now_add=True, db_index=True)
    request_id = models.CharField(_("ID permintaan"), max_length=64, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Scope:
        # Supervisors (and analysts, read-only) of the report's region; never BKN or the accused's agency.
        region = "report__region_code"
        bkn = None
        ppk = None
        write_roles = {"supervisor"}
        pii_roles = {"supervisor"}

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("pesan percakapan")
        verbose_name_plural = _("pesan percakapan")
        indexes = [models.Index(fields=["report", "created_at"])]

    def __str__(self) -> str:
        return f"{self.report_id}: {self.get_kind_display()} #{self.pk}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and set(kwargs.get("update_fields") or ()) != {"answered_at"}:
            raise RuntimeError(
                "Message is append-only (only answered_at may change; staff_notified_at is claimed with an UPDATE)"
            )
        super().save(*args, **kwargs)

    @property
    def from_staff(self) -> bool:
        return self.author == Author.STAFF

    @property
    def awaiting_answer(self) -> bool:
        return self.from_staff and self.answered_at is None


class NotificationOptOut(models.Model):
    """The reporter asked for no more notices on one channel for one report (mail link or chat command)."""

    report = models.ForeignKey(
        "reports.Report", verbose_name=_("laporan"), on_delete=models.CASCADE, related_name="notice_opt_outs"
    )
    channel = models.CharField(_("saluran"), max_length=10, choices=Channel.choices)
    created_at = models.DateTimeField(_("sejak"), auto_now_add=True)

    class Meta:
        verbose_name = _("berhenti berlangganan pemberitahuan")
        verbose_name_plural = _("berhenti berlangganan pemberitahuan")
        constraints = [models.UniqueConstraint(fields=["report", "channel"], name="conversations_optout_once")]

    def __str__(self) -> str:
        return f"{self.report_id} {self.channel}"


class ReporterNotice(models.Model):
    """One notice to one reporter on one channel about one event: the outbox row that makes it go once.

    Written in the transaction of the event (a question, a step of the case); delivered after commit
    by a task on the ``notifications`` queue and retried by ``deliver_reporter_notices``. Holds no
    content: what goes out is built from the event at delivery time, without the report's content.
    """

    report = models.ForeignKey(
        "reports.Report", verbose_name=_("laporan"), on_delete=models.CASCADE, related_name="notices"
    )
    channel = models.CharField(_("saluran"), max_length=10, choices=Channel.choices)
    event = models.CharField(_("peristiwa"), max_length=10, choices=NoticeEvent.choices)
    # "message:<id>" or "step:<transition id>": with report and channel, what makes a notice unique.
    event_key = models.CharField(_("kunci peristiwa"), max_length=40)
    status = models.CharField(
        _("status"), max_length=10, choices=NoticeStatus.choices, default=NoticeStatus.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    next_attempt_at = models.DateTimeField(_("percobaan berikutnya"), null=True, blank=True)
    sent_at = models.DateTimeField(_("terkirim pada"), null=True, blank=True)
    error = models.CharField(_("galat"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("pemberitahuan kepada pelapor")
        verbose_name_plural = _("pemberitahuan kepada pelapor")
        constraints = [
            models.UniqueConstraint(fields=["report", "channel", "event_key"], name="conversations_notice_once")
        ]

    def __str__(self) -> str:
        return f"{self.report_id} {self.channel} {self.event_key} {self.status}"
