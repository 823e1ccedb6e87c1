"""Choices of the api app: webhook events and delivery states."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WebhookEvent(models.TextChoices):
    CASE_OPENED = "case.opened", _("Perkara dibuka")
    CASE_TRANSITION = "case.transition", _("Status perkara berubah")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu/diulang")
    DELIVERED = "delivered", _("Terkirim")
    FAILED = "failed", _("Gagal (berhenti mencoba)")
