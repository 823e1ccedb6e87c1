from django.db import models
from django.utils.translation import gettext_lazy as _


class EmploymentType(models.TextChoices):
    PNS = "PNS", _("PNS")
    CPNS = "CPNS", _("CPNS")
    PPPK = "PPPK", _("PPPK")


class PositionClass(models.TextChoices):
    JPT = "jpt", _("Jabatan pimpinan tinggi (JPT)")
    ADMINISTRATOR = "administrator", _("Administrator")
    FUNCTIONAL = "fungsional", _("Fungsional")
    PELAKSANA = "pelaksana", _("Pelaksana")
    AREA_HEAD = "kewilayahan", _("Camat/lurah")


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu")
    RUNNING = "running", _("Berjalan")
    DONE = "done", _("Selesai")
    FAILED = "failed", _("Terhenti (dapat dilanjutkan)")
    FILE_ERROR = "file_error", _("Berkas ditolak")
