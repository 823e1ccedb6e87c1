"""The kinds of letter the chain sends, and the kinds of document kept on a case."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Authority(models.TextChoices):
    """Which institution a letterhead speaks for: picks the body of each kind of letter."""

    BKN = "bkn", _("BKN")
    KASN = "kasn", _("KASN")
    BAWASLU = "bawaslu", _("Bawaslu")


class LetterKind(models.TextChoices):
    RECOMMENDATION = "rekomendasi", _("Rekomendasi penjatuhan sanksi")
    FORWARDING = "penerusan", _("Penerusan penanganan pelanggaran")
    CLARIFICATION = "klarifikasi", _("Permintaan klarifikasi")
    REPRIMAND = "teguran", _("Teguran kepada PPK")


class DocumentKind(models.TextChoices):
    CLARIFICATION_MINUTES = "berita_acara", _("Berita acara klarifikasi")
    PPK_DECREE = "sk_ppk", _("Keputusan (SK) PPK")
    OTHER = "lainnya", _("Dokumen lain")
