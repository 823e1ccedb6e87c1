from django.db import models
from django.utils.translation import gettext_lazy as _


class AgencyKind(models.TextChoices):
    PROVINCE_GOV = "pemprov", _("Pemerintah provinsi")
    REGENCY_GOV = "pemkab", _("Pemerintah kabupaten")
    CITY_GOV = "pemkot", _("Pemerintah kota")
    MINISTRY = "kementerian", _("Kementerian")
    AGENCY = "lembaga", _("Lembaga")


class PPKTitle(models.TextChoices):
    GOVERNOR = "gubernur", _("Gubernur")
    REGENT = "bupati", _("Bupati")
    MAYOR = "walikota", _("Wali Kota")
    MINISTER = "menteri", _("Menteri")
    HEAD = "kepala", _("Kepala lembaga")
    SECRETARY = "sekjen", _("Sekretaris jenderal")


class Tenure(models.TextChoices):
    DEFINITIVE = "definitif", _("Definitif")
    PJ = "pj", _("Penjabat (Pj)")
    PJS = "pjs", _("Penjabat sementara (Pjs)")
    PLT = "plt", _("Pelaksana tugas (Plt)")


class UnitKind(models.TextChoices):
    OPD = "opd", _("Perangkat daerah (OPD)")
    KECAMATAN = "kecamatan", _("Kecamatan")
    KELURAHAN = "kelurahan", _("Kelurahan")
    SCHOOL = "sekolah", _("Sekolah")
    PUSKESMAS = "puskesmas", _("Puskesmas")
    WORK_UNIT = "satker", _("Satuan kerja")
