"""The monitoring inbox: uploaded batches, their items with the engine's triage, and reviewers' feedback.

Items carry denormalised copies of the analysis (score, kind, acts, stage, handling, regions) so the
inbox can filter and rank in SQL on SQLite and PostgreSQL alike (no JSON containment lookups);
``analysis`` keeps the engine's full output for the detail page and for retraining.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from netral.accounts.choices import Role
from netral.core.scoping import ScopedQuerySet
from netral.monitoring.choices import BatchStatus, Handling, ItemStatus, Kind, Review, SourceKind, Verdict


class Batch(models.Model):
    """One upload (a file or a pasted text). Belongs to the uploader's region at upload time."""

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diunggah oleh"),
        on_delete=models.PROTECT,
        related_name="monitoring_batches",
    )
    region_code = models.CharField(_("kode wilayah pengunggah"), max_length=13, blank=True, db_index=True)
    source_kind = models.CharField(_("jenis sumber"), max_length=8, choices=SourceKind.choices)
    file_name = models.CharField(_("nama berkas"), max_length=255, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, db_index=True)
    size = models.PositiveBigIntegerField(_("ukuran (bita)"), default=0)
    status = models.CharField(_("status"), max_length=8, choices=BatchStatus.choices, default=BatchStatus.PENDING)
    message = models.TextField(_("catatan"), blank=True)
    total = models.PositiveIntegerField(_("jumlah butir"), default=0)
    analysed = models.PositiveIntegerField(_("teranalisis"), default=0)
    errors = models.PositiveIntegerField(_("galat"), default=0)
    relevant = models.PositiveIntegerField(_("relevan"), default=0)
    duplicates = models.PositiveIntegerField(_("salinan"), default=0)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Scope:
        region = "region_code"
        bkn = None
        write_roles = {Role.SUPERVISOR, Role.ANALYST}
        owner = "uploaded_by"

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("kiriman pemantauan")
        verbose_name_plural = _("kiriman pemantauan")

    def __str__(self) -> str:
        return f"#{self.pk} {self.file_name or self.get_source_kind_display()}"


class Item(models.Model):
    """One document of a batch (an article, a post) and what the triage engine found in it."""

    batch = models.ForeignKey(Batch, verbose_name=_("kiriman"), on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(_("urutan"), default=0)
    external_id = models.CharField(_("ID sumber"), max_length=255, blank=True)
    source_url = models.URLField(_("tautan sumber"), max_length=1000, blank=True)
    title = models.CharField(_("judul"), max_length=300, blank=True)
    text = models.TextField(_("teks"), blank=True)
    published_at = models.DateTimeField(_("diterbitkan"), null=True, blank=True)
    platform = models.CharField(_("platform"), max_length=60, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=ItemStatus.choices, default=ItemStatus.PENDING)
    error = models.TextField(_("pesan galat"), blank=True)

    analysis = models.JSONField(_("hasil analisis"), default=dict, blank=True)
    engine_version = models.CharField(_("versi mesin"), max_length=40, blank=True)
    score = models.FloatField(_("skor"), default=0.0)
    relevant = models.BooleanField(_("relevan"), default=False)
    kind = models.CharField(_("jenis"), max_length=24, choices=Kind.choices, blank=True)
    acts = models.JSONField(_("perbuatan"), default=list, blank=True)
    acts_index = models.CharField(_("indeks perbuatan"), max_length=400, blank=True, editable=False)
    stage = models.CharField(_("tahapan"), max_length=40, blank=True, db_index=True)
    handling = models.CharField(_("tahap penanganan"), max_length=16, choices=Handling.choices, blank=True)
    event_date = models.DateField(_("tanggal kejadian"), null=True, blank=True)
    # Named persons at issue, from the engine: [{"name", "titles", "role", "agency"}].
    people = models.JSONField(_("terlapor yang disebut"), default=list, blank=True)
    region_codes = models.JSONField(_("kode wilayah"), default=list, blank=True)
    region_index = models.CharField(_("indeks wilayah"), max_length=800, blank=True, editable=False)
    region_code = models.CharField(_("wilayah utama"), max_length=13, blank=True, db_index=True)

    fingerprint = models.JSONField(_("sidik MinHash"), default=list, blank=True, editable=False)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("salinan dari"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
    )
    review = models.CharField(_("tinjauan"), max_length=8, choices=Review.choices, blank=True, default="")
    finding = models.ForeignKey(
        "reports.Report",
        verbose_name=_("temuan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="monitoring_items",
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    analysed_at = models.DateTimeField(_("dianalisis"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Scope:
        # Items without a located region ("") are seen by national users (region None) and by
        # whoever uploaded them: they supplied the text, so showing it back reveals nothing.
        region = "region_code"
        bkn = None
        write_roles = {Role.SUPERVISOR}
        owner = "batch__uploaded_by"

    class Meta:
        ordering = ["-score", "-id"]
        verbose_name = _("butir pemantauan")
        verbose_name_plural = _("butir pemantauan")
        indexes = [
            models.Index(fields=["status", "score"], name="monitoring_item_rank"),
            models.Index(fields=["batch", "position"], name="monitoring_item_batch_pos"),
            # PostgreSQL serves the scope's LIKE 'code.%' from this (ignored on SQLite).
            models.Index(fields=["region_code"], name="monitoring_item_region_like", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self) -> str:
        return self.title or self.external_id or f"#{self.pk}"

    @property
    def accused(self) -> str:
        """The first named person at issue as "Name (role)", or "" (inbox rows and titles)."""
        for p in self.people or []:
            if isinstance(p, dict) and p.get("name"):
                role = p.get("role") or ""
                return f"{p['name']} ({role})" if role else str(p["name"])
        return ""

    @property
    def is_leader(self) -> bool:
        return self.duplicate_of_id is None


class ItemBand(models.Model):
    """One LSH band key of an item's MinHash signature: items sharing a key are candidate copies."""

    item = models.ForeignKey(Item, verbose_name=_("butir"), on_delete=models.CASCADE, related_name="bands")
    key = models.BigIntegerField(_("kunci pita"), db_index=True)

    class Meta:
        verbose_name = _("pita sidik")
        verbose_name_plural = _("pita sidik")

    def __str__(self) -> str:
        return f"{self.item_id}:{self.key}"


class Feedback(models.Model):
    """A reviewer's verdict on an item's triage: kept for retraining the engine."""

    item = models.ForeignKey(Item, verbose_name=_("butir"), on_delete=models.CASCADE, related_name="feedback")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("peninjau"), on_delete=models.PROTECT, related_name="+"
    )
    verdict = models.CharField(_("putusan"), max_length=8, choices=Verdict.choices)
    relevant = models.BooleanField(_("relevan (koreksi)"), null=True, blank=True)
    kind = models.CharField(_("jenis (koreksi)"), max_length=24, choices=Kind.choices, blank=True)
    acts = models.JSONField(_("perbuatan (koreksi)"), default=list, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)

    objects = ScopedQuerySet.as_manager()

    class Scope:
        region = "item__region_code"
        bkn = None
        write_roles = {Role.SUPERVISOR, Role.ANALYST}

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("umpan balik")
        verbose_name_plural = _("umpan balik")

    def __str__(self) -> str:
        return f"{self.get_verdict_display()} · {self.item_id}"
