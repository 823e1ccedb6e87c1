"""Chat intake state in the database: who writes (peers), where each conversation stands (sessions),
what arrived (inbound updates, the replay guard) and what is to be sent (the outbox).

Everything a reporter typed is personal data until it is filed: the chat address, the draft and the
payloads are encrypted at rest, payloads are emptied once handled, and drafts are deleted when a
session is filed, cancelled or expires. Staff never see any of it: the report is the record.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from netral.chat.choices import ChatChannel, OutboxStatus, SessionStatus, UpdateStatus
from netral.core.crypto import EncryptedTextField, blind_index


def address_index(address: str) -> str:
    """Keyed hash of a chat address (with the channel, unique), so a peer is found without decrypting;
    the same function as every blind index, so ``rotate_encryption_keys --blind-indexes`` rebuilds it."""
    return blind_index(address)


class ChatPeer(models.Model):
    """One WhatsApp number or Telegram chat that wrote to the bot."""

    AUDIT_EXCLUDE = ("address", "address_index")
    BLIND_INDEXES = {"address_index": "address"}

    channel = models.CharField(_("saluran"), max_length=10, choices=ChatChannel.choices)
    address = EncryptedTextField(_("alamat chat"))
    address_index = models.CharField(_("indeks alamat"), max_length=64)
    created_at = models.DateTimeField(_("pertama menulis"), auto_now_add=True)
    last_inbound_at = models.DateTimeField(_("pesan terakhir diterima"), null=True, blank=True)

    class Meta:
        verbose_name = _("pengguna chat")
        verbose_name_plural = _("pengguna chat")
        constraints = [models.UniqueConstraint(fields=["channel", "address_index"], name="chat_peer_once")]

    def __str__(self) -> str:
        return f"{self.channel} #{self.pk}"


class ChatSession(models.Model):
    """One report being told (or told): the step it is at and the answers so far (encrypted)."""

    AUDIT_EXCLUDE = ("draft",)

    peer = models.ForeignKey(
        ChatPeer, verbose_name=_("pengguna chat"), on_delete=models.CASCADE, related_name="sessions"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.INTAKE, db_index=True
    )
    step = models.CharField(_("langkah"), max_length=30, blank=True)
    draft = EncryptedTextField(_("isian sementara"), blank=True)
    # Sent with the filing: a step processed twice never files twice (reports.idempotency).
    client_token = models.CharField(_("token pengiriman"), max_length=64)
    report = models.ForeignKey(
        "reports.Report",
        verbose_name=_("laporan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="chat_sessions",
    )
    created_at = models.DateTimeField(_("dimulai"), auto_now_add=True)
    updated_at = models.DateTimeField(_("terakhir aktif"), db_index=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("percakapan chat")
        verbose_name_plural = _("percakapan chat")

    def __str__(self) -> str:
        return f"{self.peer} session #{self.pk} ({self.status})"

    def load(self) -> dict[str, Any]:
        try:
            data = json.loads(self.draft) if self.draft else {}
        except ValueError:
            data = {}
        return data if isinstance(data, dict) else {}

    def store(self, data: dict[str, Any]) -> None:
        self.draft = json.dumps(data, ensure_ascii=False, default=str) if data else ""


class InboundUpdate(models.Model):
    """A message or button tap the channel delivered; unique per channel id, so a replay does nothing."""

    AUDIT_EXCLUDE = ("payload",)

    channel = models.CharField(_("saluran"), max_length=10, choices=ChatChannel.choices)
    external_id = models.CharField(_("ID dari saluran"), max_length=200)
    peer = models.ForeignKey(
        ChatPeer, verbose_name=_("pengguna chat"), on_delete=models.CASCADE, related_name="updates"
    )
    payload = EncryptedTextField(_("isi"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=UpdateStatus.choices, default=UpdateStatus.PENDING, db_index=True
    )
    received_at = models.DateTimeField(_("diterima"), auto_now_add=True, db_index=True)
    processed_at = models.DateTimeField(_("diproses"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("pesan masuk chat")
        verbose_name_plural = _("pesan masuk chat")
        constraints = [models.UniqueConstraint(fields=["channel", "external_id"], name="chat_update_once")]

    def __str__(self) -> str:
        return f"{self.channel} {self.external_id} ({self.status})"


class OutboundMessage(models.Model):
    """A message for one peer, sent in order by one sender at a time (``chat.outbox``)."""

    AUDIT_EXCLUDE = ("payload",)

    peer = models.ForeignKey(ChatPeer, verbose_name=_("pengguna chat"), on_delete=models.CASCADE, related_name="outbox")
    # Set for notices ("notice:<id>"): one chat message per reporter notice, however often it is handed over.
    key = models.CharField(_("kunci"), max_length=80, null=True, blank=True, unique=True)
    payload = EncryptedTextField(_("isi"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    next_attempt_at = models.DateTimeField(_("percobaan berikutnya"), null=True, blank=True)
    sent_at = models.DateTimeField(_("terkirim"), null=True, blank=True)
    external_id = models.CharField(_("ID di saluran"), max_length=200, blank=True)
    error = models.CharField(_("galat"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("pesan keluar chat")
        verbose_name_plural = _("pesan keluar chat")
        indexes = [models.Index(fields=["peer", "status", "id"])]

    def __str__(self) -> str:
        return f"{self.peer} #{self.pk} ({self.status})"
