"""Signed webhooks: partner endpoints and the log of every delivery attempt.

A CaseTransition row is the outbox: when one is created, a WebhookDelivery is written in the same
transaction for every active endpoint whose scope covers the case, and the first attempt is
enqueued after commit. Retries are picked up by ``manage.py deliver_webhooks``.
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from netral.api.choices import DeliveryStatus, WebhookEvent
from netral.core.crypto import EncryptedTextField

webhook_url_validator = URLValidator(schemes=["http", "https"], message=_("Hanya alamat http:// atau https://."))


def new_secret() -> str:
    return secrets.token_hex(32)


class WebhookEndpoint(models.Model):
    """A partner URL that receives signed case events of its own region (or its owner's scope)."""

    name = models.CharField(_("nama mitra"), max_length=120)
    url = models.URLField(_("alamat URL"), max_length=500, validators=[webhook_url_validator])
    secret = EncryptedTextField(_("rahasia penandatanganan"), default=new_secret)
    events = models.JSONField(
        _("peristiwa"),
        default=list,
        blank=True,
        help_text=_("Kosong berarti semua peristiwa."),
    )
    active = models.BooleanField(_("aktif"), default=True)
    region_code = models.CharField(
        _("kode wilayah"),
        max_length=13,
        blank=True,
        help_text=_("Hanya perkara di wilayah ini (dan di bawahnya). Kosong berarti tanpa batas wilayah."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pemilik"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="webhook_endpoints",
        help_text=_("Jika diisi, mitra hanya menerima perkara yang boleh dilihat pengguna ini."),
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("webhook mitra")
        verbose_name_plural = _("webhook mitra")

    def __str__(self) -> str:
        return f"{self.name} ({self.url})"

    def wants(self, event: str) -> bool:
        return not self.events or event in self.events


class WebhookDelivery(models.Model):
    """One event for one endpoint, with its attempts: the delivery log."""

    endpoint = models.ForeignKey(
        WebhookEndpoint, verbose_name=_("webhook"), on_delete=models.CASCADE, related_name="deliveries"
    )
    event_id = models.UUIDField(_("ID peristiwa"), default=uuid.uuid4, editable=False)
    event = models.CharField(_("peristiwa"), max_length=40, choices=WebhookEvent.choices)
    transition = models.ForeignKey(
        "cases.CaseTransition",
        verbose_name=_("riwayat perkara"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    case_number = models.CharField(_("nomor perkara"), max_length=40, blank=True, db_index=True)
    region_code = models.CharField(_("kode wilayah"), max_length=13, blank=True)
    payload = models.JSONField(_("muatan"))
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("jumlah percobaan"), default=0)
    response_code = models.PositiveSmallIntegerField(_("kode respons"), null=True, blank=True)
    last_error = models.TextField(_("galat terakhir"), blank=True)
    next_attempt_at = models.DateTimeField(_("percobaan berikutnya"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("percobaan terakhir"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("terkirim pada"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("pengiriman webhook")
        verbose_name_plural = _("log pengiriman webhook")
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "event_id"], name="api_delivery_unique_event"),
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="api_delivery_due",
                condition=models.Q(status="pending"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} {self.case_number} → {self.endpoint.name} ({self.status})"
