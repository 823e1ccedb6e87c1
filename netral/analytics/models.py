"""Stored results of analytics: the vulnerability index per region and the imported IKP baseline.

Everything else the dashboards show is computed on request from the scoped live tables.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from netral.core.scoping import ScopedQuerySet


class Category(models.TextChoices):
    HIGH = "high", _("Rawan tinggi")
    MEDIUM = "medium", _("Rawan sedang")
    LOW = "low", _("Rawan rendah")


class IKPBaseline(models.Model):
    """Bawaslu IKP dimension scores (0–100, higher = more vulnerable) for one region in one edition.

    Imported from CSV (``import_ikp``); ``total`` is Bawaslu's composite when the source gives it,
    otherwise the mean of the dimensions present (see docs/vulnerability-index.md).
    """

    edition = models.SlugField(_("edisi"), max_length=40)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("wilayah"), on_delete=models.CASCADE, related_name="ikp_scores"
    )
    social_political = models.DecimalField(
        _("konteks sosial dan politik"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    administration = models.DecimalField(
        _("penyelenggaraan pemilu"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    contestation = models.DecimalField(_("kontestasi"), max_digits=5, decimal_places=2, null=True, blank=True)
    participation = models.DecimalField(_("partisipasi"), max_digits=5, decimal_places=2, null=True, blank=True)
    total = models.DecimalField(_("skor IKP"), max_digits=5, decimal_places=2)
    source = models.CharField(_("sumber"), max_length=300, blank=True)
    is_demo = models.BooleanField(_("data demo"), default=False)
    imported_at = models.DateTimeField(_("diimpor"), auto_now=True)

    DIMENSIONS = ("social_political", "administration", "contestation", "participation")

    class Meta:
        ordering = ["edition", "region__code"]
        unique_together = [("edition", "region")]
        verbose_name = _("skor dasar IKP")
        verbose_name_plural = _("skor dasar IKP")

    def __str__(self) -> str:
        return f"{self.edition} {self.region.code}: {self.total}"


class RegionIndex(models.Model):
    """The live vulnerability index of one province or regency/city, as last computed.

    Only regions with a non-zero score (incidents or an IKP baseline) get a row; every other region
    of the level scores 0 and shares the category and rank kept in ``IndexState.levels``.
    ``inputs`` keeps every number the score came from, so the region page can show its working.
    """

    region = models.OneToOneField(
        "regions.Region", verbose_name=_("wilayah"), on_delete=models.CASCADE, related_name="vulnerability"
    )
    code = models.CharField(_("kode wilayah"), max_length=13, unique=True)
    level = models.PositiveSmallIntegerField(_("tingkat"), db_index=True)
    incidents = models.PositiveIntegerField(_("jumlah perkara dihitung"), default=0)
    weighted = models.FloatField(_("bobot insiden"), default=0)
    headcount = models.PositiveIntegerField(_("jumlah ASN"), null=True, blank=True)
    rate = models.FloatField(_("bobot per 10.000 ASN"), null=True, blank=True)
    live_score = models.FloatField(_("skor data langsung (0–100)"), default=0)
    ikp_score = models.FloatField(_("skor IKP (0–100)"), null=True, blank=True)
    score = models.FloatField(_("indeks kerawanan (0–100)"), default=0)
    category = models.CharField(_("kategori"), max_length=8, choices=Category.choices, default=Category.MEDIUM)
    rank = models.PositiveIntegerField(_("peringkat nasional"), default=0)
    inputs = models.JSONField(_("masukan"), default=dict, blank=True)
    computed_at = models.DateTimeField(_("dihitung pada"))

    class Meta:
        ordering = ["level", "-score", "code"]
        verbose_name = _("indeks kerawanan wilayah")
        verbose_name_plural = _("indeks kerawanan wilayah")

    def __str__(self) -> str:
        return f"{self.code}: {self.score:.1f} ({self.category})"


class IndexState(models.Model):
    """One row (pk=1): whether data changed since the index was last computed (the debounce flag)."""

    dirty = models.BooleanField(_("perlu dihitung ulang"), default=False)
    marked_at = models.DateTimeField(_("ditandai"), null=True, blank=True)
    computed_at = models.DateTimeField(_("terakhir dihitung"), null=True, blank=True)
    rollup_at = models.DateTimeField(_("agregat dasbor dibangun"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("lama perhitungan (ms)"), default=0)
    # Per level ("1" provinces, "2" regencies/cities): mean, sd, cut points, top rate, region count,
    # and the score/category/rank shared by every region without incidents or baseline.
    levels = models.JSONField(_("statistik per tingkat"), default=dict, blank=True)

    class Meta:
        verbose_name = _("status indeks")
        verbose_name_plural = _("status indeks")

    def __str__(self) -> str:
        return f"dirty={self.dirty} computed_at={self.computed_at}"


class Cube(models.Model):
    """Pre-aggregated case and report counts, rebuilt by the background task with the index.

    A multi-dimensional cube: one row per (grain, layer, figure kind, key) and combination of the
    dashboard's filter dimensions (status, stage, subject kind, position class, election, month,
    violation type). A *grain* says which of those dimensions are kept (the others are summed
    over, their columns left blank); a *layer* says how fine the place is: ``n`` national
    (no region), ``p`` province, ``r`` regency/city × agency (only the per-place figures). Any
    combination of those filters is then a WHERE on the smallest grain that keeps them all and a
    GROUP BY over a few thousand rows. Its ``Scope`` mirrors ``Case.Scope``: the visibility
    columns are Case.Scope's (and for report rows Report.Scope's) BKN and PPK conditions
    evaluated when the row was built.
    """

    grain = models.CharField(_("butir"), max_length=12)
    layer = models.CharField(_("lapisan"), max_length=1)
    kind = models.CharField(_("jenis angka"), max_length=24)
    key = models.CharField(_("kunci"), max_length=40, blank=True)
    region_code = models.CharField(_("kode wilayah"), max_length=13, blank=True)
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("instansi"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    bkn = models.BooleanField(_("terlihat oleh BKN"), default=False)
    ppk = models.BooleanField(_("terlihat oleh PPK"), default=False)
    status = models.CharField(_("status"), max_length=20, blank=True, default="")
    stage_pk = models.IntegerField(_("tahapan"), null=True, blank=True)
    subject = models.CharField(_("jenis terlapor"), max_length=20, blank=True, default="")
    position = models.CharField(_("kelas jabatan"), max_length=16, blank=True, default="")
    election_pk = models.IntegerField(_("pemilihan"), null=True, blank=True)
    month = models.CharField(_("bulan"), max_length=7, blank=True, default="")
    # "" = every case; a code = only the cases of that violation type (a case with two types is in both).
    violation = models.CharField(_("jenis pelanggaran"), max_length=20, blank=True, default="")
    n = models.PositiveIntegerField(_("jumlah"), default=0)
    oldest = models.DateTimeField(_("tertua"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Scope:
        region = "region_code"
        agency = "agency"
        bkn = Q(bkn=True)
        ppk = Q(ppk=True)

    class Meta:
        verbose_name = _("kubus dasbor")
        verbose_name_plural = _("kubus dasbor")
        # One index per filter dimension: a combination reads only the rows of its most selective
        # filter value (PostgreSQL combines them with a bitmap AND when that pays).
        indexes = [
            models.Index(fields=["grain", "layer", "violation", "region_code"]),
            models.Index(fields=["grain", "layer", "violation", "status"], name="analytics_cube_status"),
            models.Index(fields=["grain", "layer", "violation", "stage_pk"], name="analytics_cube_stage"),
            models.Index(fields=["grain", "layer", "violation", "subject"], name="analytics_cube_subject"),
            models.Index(fields=["grain", "layer", "violation", "position"], name="analytics_cube_position"),
            models.Index(fields=["grain", "layer", "violation", "election_pk"], name="analytics_cube_election"),
            models.Index(fields=["grain", "layer", "violation", "month"], name="analytics_cube_month"),
        ]

    def __str__(self) -> str:
        return f"{self.grain}/{self.layer}|{self.kind}:{self.key} {self.region_code} = {self.n}"
