"""Agencies (instansi), who holds their staffing authority (PPK), and their units."""

from __future__ import annotations

import datetime

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from netral.agencies.choices import AgencyKind, PPKTitle, Tenure, UnitKind
from netral.core.models import RegionCodeMixin
from netral.core.scoping import ScopedQuerySet

AGENCY_CODE = RegexValidator(r"^[-a-zA-Z0-9_.]+$", _("Kode instansi hanya boleh berisi huruf, angka, -, _ dan titik."))


class Agency(RegionCodeMixin, models.Model):
    """A regional government or a central ministry/agency; the PPK of its ASN sanctions them."""

    # Letters, digits, "-", "_" and "." (regional governments are coded after their region: pemda-32.79).
    code = models.CharField(_("kode"), max_length=40, unique=True, validators=[AGENCY_CODE])
    name = models.CharField(_("nama"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=12, choices=AgencyKind.choices)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("wilayah"), null=True, blank=True, on_delete=models.PROTECT
    )
    region_code = models.CharField(_("kode wilayah"), max_length=13, blank=True, db_index=True, editable=False)
    asn_headcount = models.PositiveIntegerField(_("jumlah ASN"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Scope:
        region = "region_code"
        agency = "pk"
        bkn = Q()

    class Meta:
        ordering = ["name"]
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")

    def __str__(self) -> str:
        return self.name

    @property
    def is_central(self) -> bool:
        return self.kind in (AgencyKind.MINISTRY, AgencyKind.AGENCY)

    def ppk_on(self, day: datetime.date | None = None) -> PPKHolder | None:
        """Who held the PPK authority on `day` (today by default), acting heads included."""
        day = day or datetime.date.today()
        return (
            self.ppk_holders.filter(start__lte=day)
            .filter(Q(end__isnull=True) | Q(end__gte=day))
            .order_by("-start")
            .first()
        )


class PPKHolder(models.Model):
    """A person holding the PPK role for a period: a definitive head or an acting one (Pj/Pjs/Plt)."""

    agency = models.ForeignKey(Agency, verbose_name=_("instansi"), on_delete=models.CASCADE, related_name="ppk_holders")
    name = models.CharField(_("nama"), max_length=150)
    title = models.CharField(_("jabatan"), max_length=12, choices=PPKTitle.choices)
    tenure = models.CharField(_("status jabatan"), max_length=12, choices=Tenure.choices, default=Tenure.DEFINITIVE)
    start = models.DateField(_("mulai"))
    end = models.DateField(_("selesai"), null=True, blank=True)
    email = models.EmailField(_("surel"), blank=True)

    class Meta:
        ordering = ["agency", "-start"]
        verbose_name = _("pejabat pembina kepegawaian")
        verbose_name_plural = _("pejabat pembina kepegawaian")

    def __str__(self) -> str:
        prefix = "" if self.tenure == Tenure.DEFINITIVE else f"{self.get_tenure_display().split(' ')[0]} "
        if self.tenure != Tenure.DEFINITIVE:
            prefix = {"pj": "Pj ", "pjs": "Pjs ", "plt": "Plt "}[self.tenure]
        return f"{prefix}{self.get_title_display()} {self.name}"


class Unit(models.Model):
    """A unit of an agency: an OPD (dinas, badan), a kecamatan or kelurahan office, a school."""

    agency = models.ForeignKey(Agency, verbose_name=_("instansi"), on_delete=models.CASCADE, related_name="units")
    name = models.CharField(_("nama"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=12, choices=UnitKind.choices, default=UnitKind.OPD)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("wilayah"), null=True, blank=True, on_delete=models.PROTECT
    )
    parent = models.ForeignKey("self", verbose_name=_("induk"), null=True, blank=True, on_delete=models.CASCADE)

    class Meta:
        ordering = ["agency", "name"]
        unique_together = [("agency", "name")]
        verbose_name = _("unit kerja")
        verbose_name_plural = _("unit kerja")

    def __str__(self) -> str:
        return self.name
