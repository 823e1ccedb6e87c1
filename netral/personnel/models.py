"""The ASN registry: one row per civil servant, keyed by NIP (PNS/CPNS) or NI PPPK."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from netral.core.scoping import ScopedQuerySet
from netral.personnel.choices import EmploymentType, PositionClass


class ASN(models.Model):
    identifier = models.CharField(_("NIP / NI PPPK"), max_length=18, unique=True)
    employment_type = models.CharField(_("jenis kepegawaian"), max_length=4, choices=EmploymentType.choices)
    name = models.CharField(_("nama"), max_length=200)
    # Lower-cased name without titles/punctuation: what fuzzy look-up indexes.
    name_normalized = models.CharField(_("nama ternormalisasi"), max_length=200, db_index=True)
    birth_date = models.DateField(_("tanggal lahir"), null=True, blank=True)
    gender = models.CharField(_("jenis kelamin"), max_length=1, blank=True)
    position = models.CharField(_("jabatan"), max_length=200, blank=True)
    position_class = models.CharField(_("kelas jabatan"), max_length=16, choices=PositionClass.choices, blank=True)
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("instansi"), on_delete=models.PROTECT, related_name="asn"
    )
    unit = models.ForeignKey(
        "agencies.Unit",
        verbose_name=_("unit kerja"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="asn",
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("wilayah"), null=True, blank=True, on_delete=models.PROTECT
    )
    region_code = models.CharField(_("kode wilayah"), max_length=13, blank=True, db_index=True)
    active = models.BooleanField(_("aktif"), default=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Scope:
        region = "region_code"
        agency = "agency"
        bkn = Q()
        write_roles = {"ppk"}

    class Meta:
        ordering = ["name"]
        verbose_name = _("ASN")
        verbose_name_plural = _("ASN")
        indexes = [models.Index(fields=["agency", "name_normalized"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.identifier})"
