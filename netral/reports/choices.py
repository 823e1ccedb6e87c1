from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    REPORT = "laporan", _("Laporan masyarakat")
    FINDING = "temuan", _("Temuan pengawas")


class ReporterCategory(models.TextChoices):
    VOTER = "pemilih", _("Pemilih")
    MONITOR = "pemantau", _("Pemantau pemilihan")
    PARTICIPANT = "peserta", _("Peserta pemilihan")


class Identity(models.TextChoices):
    NAMED = "named", _("Dengan identitas")
    CONFIDENTIAL = "confidential", _("Identitas dirahasiakan")
    ANONYMOUS = "anonymous", _("Anonim")


class EvidenceKind(models.TextChoices):
    IMAGE = "image", _("Foto/gambar")
    VIDEO = "video", _("Video")
    DOCUMENT = "document", _("Dokumen (PDF)")
    LINK = "link", _("Tautan")
