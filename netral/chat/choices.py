from django.db import models
from django.utils.translation import gettext_lazy as _


class ChatChannel(models.TextChoices):
    WHATSAPP = "whatsapp", _("WhatsApp")
    TELEGRAM = "telegram", _("Telegram")


class SessionStatus(models.TextChoices):
    INTAKE = "intake", _("Sedang mengisi laporan")
    FILED = "filed", _("Laporan terkirim")
    CANCELLED = "cancelled", _("Dibatalkan pelapor")
    EXPIRED = "expired", _("Kedaluwarsa")


class UpdateStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu")
    DONE = "done", _("Diproses")
    FAILED = "failed", _("Gagal diproses")
    IGNORED = "ignored", _("Diabaikan (batas pesan)")


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu")
    SENDING = "sending", _("Sedang dikirim")
    SENT = "sent", _("Terkirim")
    FAILED = "failed", _("Gagal")
