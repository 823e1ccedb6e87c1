"""Vocabularies of the prevention app (domain.md §8: pledges, pacts, circulars, socialisation)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PledgeKind(models.TextChoices):
    PLEDGE = "ikrar", _("Ikrar netralitas")
    PACT = "pakta", _("Pakta integritas")


class ActivityKind(models.TextChoices):
    SOCIALIZATION = "sosialisasi", _("Sosialisasi")
    ROLL_CALL = "apel_siaga", _("Apel siaga netralitas")
    COORDINATION = "rapat_koordinasi", _("Rapat koordinasi")
    DECLARATION = "deklarasi", _("Deklarasi netralitas")
    BANNER = "spanduk", _("Kampanye spanduk/baliho")
    SOCIAL_MEDIA = "media_sosial", _("Kampanye media sosial")


class SignatureChannel(models.TextChoices):
    PUBLIC = "publik", _("Halaman publik (tanpa akun)")
    ACCOUNT = "akun", _("Akun pengguna")


class FileKind(models.TextChoices):
    PHOTO = "foto", _("Foto")
    DOCUMENT = "dokumen", _("Dokumen")


class ReminderKind(models.TextChoices):
    NO_CIRCULAR = "no_circular", _("Belum ada surat edaran menjelang penetapan paslon")
    LOW_COVERAGE = "low_coverage", _("Cakupan ikrar di bawah ambang menjelang kampanye")
