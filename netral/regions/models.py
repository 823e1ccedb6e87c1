"""Regions (Kemendagri codes), elections with their dated stages, contests and candidate pairs.

Elections are data (reference/elections/*.json), so a new Pilkada or Pemilu needs no code.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from netral.core.models import BilingualName
from netral.regions.choices import ElectionKind, Office, RegionKind, RegionLevel


class Region(models.Model):
    """A province, regency/city, district or village, keyed by its dotted Kemendagri code."""

    code = models.CharField(_("kode"), max_length=13, unique=True)
    name = models.CharField(_("nama"), max_length=120, db_index=True)
    level = models.PositiveSmallIntegerField(_("tingkat"), choices=RegionLevel.choices, db_index=True)
    kind = models.CharField(_("jenis"), max_length=12, choices=RegionKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("induk"), null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")

    def __str__(self) -> str:
        return self.name

    @property
    def province_code(self) -> str:
        return self.code[:2]

    def ancestors_and_self(self) -> list[str]:
        parts = self.code.split(".")
        return [".".join(parts[: i + 1]) for i in range(len(parts))]


class Election(BilingualName, models.Model):
    code = models.SlugField(_("kode"), max_length=32, unique=True)
    kind = models.CharField(_("jenis"), max_length=12, choices=ElectionKind.choices)
    year = models.PositiveSmallIntegerField(_("tahun"))
    name_id = models.CharField(_("nama (id)"), max_length=200)
    name_en = models.CharField(_("nama (en)"), max_length=200)
    voting_date = models.DateField(_("hari pemungutan suara"))
    regulation = models.CharField(_("dasar hukum"), max_length=200, blank=True)
    data = models.JSONField(_("data sumber"), default=dict, blank=True)

    class Meta:
        ordering = ["-voting_date"]
        verbose_name = _("pemilihan")
        verbose_name_plural = _("pemilihan")

    def __str__(self) -> str:
        return self.name

    def recommending_body_on(self, day: datetime.date) -> str:
        """KASN or BKN: which body recommended sanctions on `day` (KASN stopped 24 Aug 2024)."""
        for change in self.data.get("recommending_body_changes", []):
            start = change.get("from")
            end = change.get("until")
            if (start is None or day.isoformat() >= start) and (end is None or day.isoformat() <= end):
                return str(change["body"])
        return "BKN"


class Stage(BilingualName, models.Model):
    """A dated stage (tahapan) of an election; stages may overlap (counting and recapitulation)."""

    election = models.ForeignKey(Election, verbose_name=_("pemilihan"), on_delete=models.CASCADE, related_name="stages")
    code = models.SlugField(_("kode"), max_length=40)
    name_id = models.CharField(_("nama (id)"), max_length=200)
    name_en = models.CharField(_("nama (en)"), max_length=200)
    start = models.DateField(_("mulai"))
    end = models.DateField(_("selesai"))
    vulnerable = models.BooleanField(_("tahap rawan"), default=False)
    triage_stage = models.CharField(_("tahap triase"), max_length=20, blank=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["election", "start", "order"]
        unique_together = [("election", "code")]
        verbose_name = _("tahapan")
        verbose_name_plural = _("tahapan")

    def __str__(self) -> str:
        return f"{self.name} ({self.start:%d/%m/%Y}–{self.end:%d/%m/%Y})"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


class Contest(models.Model):
    """One race in an election: a governor for a province, a regent or mayor for a regency/city."""

    election = models.ForeignKey(
        Election, verbose_name=_("pemilihan"), on_delete=models.CASCADE, related_name="contests"
    )
    region = models.ForeignKey(Region, verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="contests")
    office = models.CharField(_("jabatan"), max_length=12, choices=Office.choices)

    class Meta:
        unique_together = [("election", "region", "office")]
        ordering = ["election", "region__code"]
        verbose_name = _("kontestasi")
        verbose_name_plural = _("kontestasi")

    def __str__(self) -> str:
        return f"{self.get_office_display()} {self.region.name}"


class CandidatePair(models.Model):
    contest = models.ForeignKey(Contest, verbose_name=_("kontestasi"), on_delete=models.CASCADE, related_name="pairs")
    number = models.PositiveSmallIntegerField(_("nomor urut"))
    head_name = models.CharField(_("calon kepala daerah"), max_length=120)
    deputy_name = models.CharField(_("calon wakil"), max_length=120)
    independent = models.BooleanField(_("perseorangan"), default=False)
    parties = models.CharField(_("partai pengusung"), max_length=300, blank=True)

    class Meta:
        unique_together = [("contest", "number")]
        ordering = ["contest", "number"]
        verbose_name = _("pasangan calon")
        verbose_name_plural = _("pasangan calon")

    def __str__(self) -> str:
        return f"{self.number:02d}. {self.head_name} – {self.deputy_name}"


class Holiday(models.Model):
    """A national holiday or collective leave day: working-day clocks skip it."""

    date = models.DateField(_("tanggal"), unique=True)
    name = models.CharField(_("nama"), max_length=120)

    class Meta:
        ordering = ["date"]
        verbose_name = _("hari libur")
        verbose_name_plural = _("hari libur")

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.name}"
