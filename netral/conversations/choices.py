from django.db import models
from django.utils.translation import gettext_lazy as _


class Author(models.TextChoices):
    STAFF = "staff", _("Pengawas")
    REPORTER = "reporter", _("Pelapor")


class MessageKind(models.TextChoices):
    QUESTION = "question", _("Pertanyaan")
    DOCUMENTS = "documents", _("Permintaan dokumen")
    ANSWER = "answer", _("Jawaban/keterangan pelapor")


class Channel(models.TextChoices):
    WEB = "web", _("Halaman lacak laporan")
    EMAIL = "email", _("Surel")
    WHATSAPP = "whatsapp", _("WhatsApp")
    TELEGRAM = "telegram", _("Telegram")


class NoticeEvent(models.TextChoices):
    QUESTION = "question", _("Pertanyaan baru dari pengawas")
    STEP = "step", _("Langkah baru penanganan laporan")


class NoticeStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu")
    SENDING = "sending", _("Sedang dikirim")
    SENT = "sent", _("Terkirim")
    FAILED = "failed", _("Gagal")
    SKIPPED = "skipped", _("Tidak dikirim (berhenti berlangganan)")
