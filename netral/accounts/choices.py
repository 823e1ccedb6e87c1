from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SUPERVISOR = "supervisor", _("Pengawas (Bawaslu/Panwascam)")
    BKN = "bkn", _("Petugas BKN")
    PPK = "ppk", _("Petugas PPK/BKPSDM")
    ANALYST = "analyst", _("Analis pemantauan")
    ADMIN = "admin", _("Administrator")


class SupervisorLevel(models.TextChoices):
    RI = "ri", _("Bawaslu RI")
    PROVINCE = "provinsi", _("Bawaslu provinsi")
    REGENCY = "kabkota", _("Bawaslu kabupaten/kota")
    DISTRICT = "panwascam", _("Panwaslu kecamatan")


LEVEL_DEPTH = {
    SupervisorLevel.RI: 0,
    SupervisorLevel.PROVINCE: 1,
    SupervisorLevel.REGENCY: 2,
    SupervisorLevel.DISTRICT: 3,
}
