from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.IntegerChoices):
    PROVINCE = 1, _("provinsi")
    REGENCY = 2, _("kabupaten/kota")
    DISTRICT = 3, _("kecamatan")
    VILLAGE = 4, _("desa/kelurahan")


class RegionKind(models.TextChoices):
    PROVINSI = "provinsi", _("Provinsi")
    KABUPATEN = "kabupaten", _("Kabupaten")
    KOTA = "kota", _("Kota")
    KECAMATAN = "kecamatan", _("Kecamatan")
    KELURAHAN = "kelurahan", _("Kelurahan")
    DESA = "desa", _("Desa")


class ElectionKind(models.TextChoices):
    PILKADA = "pilkada", _("Pemilihan kepala daerah")
    PEMILU = "pemilu", _("Pemilihan umum")
    PILKADES = "pilkades", _("Pemilihan kepala desa")


class Office(models.TextChoices):
    GOVERNOR = "gubernur", _("Gubernur")
    REGENT = "bupati", _("Bupati")
    MAYOR = "walikota", _("Wali Kota")
    NATIONAL = "nasional", _("Nasional")
