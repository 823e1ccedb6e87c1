"""Cases and their append-only timeline.

Every report or finding opens a case; several reports of one incident can be joined into one.
The status lives on the case; every change of status is a CaseTransition row (the legal
timeline, and the outbox for notifications). Writes go through ``cases.services`` only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from netral.accounts.choices import Role
from netral.cases import workflow
from netral.cases.choices import (
    AccusedStatus,
    CaseStatus,
    FollowUpAction,
    NotRegisteredReason,
    RecommendingBody,
    ReminderKind,
    Route,
    SubjectKind,
    TrackKind,
)
from netral.core.models import BilingualName, RegionCodeMixin, in_english
from netral.core.scoping import ScopedQuerySet

# What BKN and PPK officers see of cases: read from the workflow table.
BKN_STATUSES = workflow.seen_by(workflow.BKN)
PPK_STATUSES = workflow.seen_by(workflow.PPK)


class SanctionTrack(BilingualName, models.Model):
    """A sanction scale: moral (PP 42/2004), PNS discipline (PP 94/2021), PPPK discipline (PP 49/2018)."""

    code = models.SlugField(_("kode"), max_length=32, unique=True)
    kind = models.CharField(_("jalur"), max_length=12, choices=TrackKind.choices)
    employment = models.CharField(_("berlaku untuk"), max_length=8, help_text=_("PNS, PPPK atau ALL"))
    name_id = models.CharField(_("nama (id)"), max_length=200)
    name_en = models.CharField(_("nama (en)"), max_length=200)
    legal_basis = models.CharField(_("dasar hukum"), max_length=200, blank=True)
    pppk_counterpart = models.ForeignKey(
        "self",
        verbose_name=_("padanan PPPK"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("jalur sanksi")
        verbose_name_plural = _("jalur sanksi")

    def __str__(self) -> str:
        return self.name


class SanctionLevel(BilingualName, models.Model):
    """One sanction a PPK can impose, e.g. "tukin −25% for 9 months" or "PDHTAPS"."""

    track = models.ForeignKey(SanctionTrack, verbose_name=_("jalur"), on_delete=models.CASCADE, related_name="levels")
    code = models.SlugField(_("kode"), max_length=40, unique=True)
    severity = models.CharField(_("tingkat"), max_length=16, help_text=_("moral, moderate, heavy, dismissal"))
    name_id = models.CharField(_("nama (id)"), max_length=250)
    name_en = models.CharField(_("nama (en)"), max_length=250)
    months = models.PositiveSmallIntegerField(_("lama (bulan)"), null=True, blank=True)
    legal_basis = models.CharField(_("dasar hukum"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["track__order", "order", "code"]
        verbose_name = _("tingkat sanksi")
        verbose_name_plural = _("tingkat sanksi")

    def __str__(self) -> str:
        return self.name


class ViolationType(models.Model):
    """A type of neutrality violation: SKB 2022 tables A (KE-xx) and B (D-xx), PP 94/2021 Art. 5(n)."""

    code = models.CharField(_("kode"), max_length=20, unique=True)
    table = models.CharField(_("sumber"), max_length=20, help_text=_("skb-etik, skb-disiplin, pp94"))
    title_id = models.CharField(_("uraian (id)"), max_length=400)
    title_en = models.CharField(_("uraian (en)"), max_length=400)
    track = models.CharField(_("jalur utama"), max_length=12, choices=TrackKind.choices)
    note = models.TextField(_("catatan"), blank=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    tracks = models.ManyToManyField(
        SanctionTrack, verbose_name=_("jalur yang diizinkan"), through="ViolationMapping", related_name="+"
    )

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("jenis pelanggaran")
        verbose_name_plural = _("jenis pelanggaran")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def title(self) -> str:
        return (self.title_en or self.title_id) if in_english() else self.title_id


class ViolationMapping(models.Model):
    """Type → allowed track with its default level. Data, because the sources disagree (D-03)."""

    violation_type = models.ForeignKey(
        ViolationType, verbose_name=_("jenis pelanggaran"), on_delete=models.CASCADE, related_name="mappings"
    )
    track = models.ForeignKey(SanctionTrack, verbose_name=_("jalur"), on_delete=models.CASCADE, related_name="+")
    default_level = models.ForeignKey(
        SanctionLevel, verbose_name=_("tingkat bawaan"), null=True, blank=True, on_delete=models.SET_NULL
    )
    allowed_levels = models.ManyToManyField(
        SanctionLevel, verbose_name=_("tingkat yang diizinkan"), blank=True, related_name="+"
    )
    disputed = models.BooleanField(_("diperselisihkan sumber"), default=False)
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        unique_together = [("violation_type", "track")]
        ordering = ["violation_type__order", "track__order"]
        verbose_name = _("pemetaan sanksi")
        verbose_name_plural = _("pemetaan sanksi")

    def __str__(self) -> str:
        return f"{self.violation_type.code} → {self.track.code}"


class Case(RegionCodeMixin, models.Model):
    number = models.CharField(_("nomor perkara"), max_length=40, unique=True)
    registration_number = models.CharField(_("nomor registrasi"), max_length=60, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.RECEIVED, db_index=True
    )
    title = models.CharField(_("ringkasan"), max_length=250)
    subject_kind = models.CharField(
        _("jenis terlapor"), max_length=16, choices=SubjectKind.choices, default=SubjectKind.ASN
    )
    region = models.ForeignKey("regions.Region", verbose_name=_("wilayah"), on_delete=models.PROTECT)
    region_code = models.CharField(_("kode wilayah"), max_length=13, db_index=True, editable=False)
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("instansi terlapor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    asn = models.ForeignKey(
        "personnel.ASN",
        verbose_name=_("ASN terlapor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
    )
    # The accused as written (the registry candidates are searched from it) and the supervisor's
    # confirmation of `asn` against the registry: who, when, why (cases.services.confirm_accused).
    accused_name = models.CharField(_("nama terlapor (sebagaimana ditulis)"), max_length=200, blank=True)
    accused_position = models.CharField(_("jabatan terlapor (sebagaimana ditulis)"), max_length=200, blank=True)
    accused_status = models.CharField(
        _("status pencocokan terlapor"), max_length=10, choices=AccusedStatus.choices, blank=True
    )
    accused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dicocokkan oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accused_by_name = models.CharField(_("nama petugas pencocokan"), max_length=150, blank=True)
    accused_at = models.DateTimeField(_("dicocokkan pada"), null=True, blank=True)
    accused_reason = models.TextField(_("alasan pencocokan"), blank=True)
    election = models.ForeignKey(
        "regions.Election", verbose_name=_("pemilihan"), null=True, blank=True, on_delete=models.PROTECT
    )
    stage = models.ForeignKey(
        "regions.Stage", verbose_name=_("tahapan"), null=True, blank=True, on_delete=models.SET_NULL
    )
    occurred_on = models.DateField(_("tanggal kejadian"), null=True, blank=True)
    known_on = models.DateField(_("tanggal diketahui"), null=True, blank=True)
    route = models.CharField(_("jalur penerusan"), max_length=12, choices=Route.choices, blank=True)
    recommending_body = models.CharField(
        _("lembaga pemberi rekomendasi"), max_length=8, choices=RecommendingBody.choices, blank=True
    )
    # The running legal clock: which rule, and when it expires (null when no clock runs).
    deadline_rule = models.CharField(_("aturan tenggat"), max_length=40, blank=True)
    deadline_at = models.DateTimeField(_("tenggat"), null=True, blank=True, db_index=True)
    # Legal anchors of the clocks: the dates the acts took effect (may be entered after the fact).
    received_at = models.DateTimeField(_("laporan diterima pada"), null=True, blank=True)
    registered_at = models.DateTimeField(_("diregistrasi pada"), null=True, blank=True)
    not_registered_reason = models.CharField(
        _("alasan tidak diregistrasi"), max_length=10, choices=NotRegisteredReason.choices, blank=True
    )
    decided_at = models.DateTimeField(_("diputus pada"), null=True, blank=True)
    forwarded_at = models.DateTimeField(_("diteruskan pada"), null=True, blank=True)
    recommended_at = models.DateTimeField(_("direkomendasikan pada"), null=True, blank=True)
    reprimanded_at = models.DateTimeField(_("PPK ditegur pada"), null=True, blank=True)
    closed_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)
    # Sentra Gakkumdu's criminal file (route "gakkumdu"): the latest submission to the prosecutor,
    # the latest return, completeness (P-21) and the filing in court, with the court's case number.
    gakkumdu_submitted_at = models.DateTimeField(_("berkas diserahkan ke penuntut umum pada"), null=True, blank=True)
    gakkumdu_returned_at = models.DateTimeField(_("berkas dikembalikan penuntut umum pada"), null=True, blank=True)
    gakkumdu_complete_at = models.DateTimeField(_("berkas dinyatakan lengkap pada"), null=True, blank=True)
    gakkumdu_court_at = models.DateTimeField(_("dilimpahkan ke pengadilan pada"), null=True, blank=True)
    court_case_number = models.CharField(_("nomor perkara pengadilan"), max_length=60, blank=True)
    # BKN's recommendation to the PPK
    violation_types = models.ManyToManyField(
        ViolationType, verbose_name=_("jenis pelanggaran"), blank=True, related_name="cases"
    )
    sanction_level = models.ForeignKey(
        SanctionLevel, verbose_name=_("sanksi yang direkomendasikan"), null=True, blank=True, on_delete=models.PROTECT
    )
    # The PPK's decision and BKN's enforcement
    decree_number = models.CharField(_("nomor keputusan PPK"), max_length=120, blank=True)
    decree_date = models.DateField(_("tanggal keputusan PPK"), null=True, blank=True)
    follow_up_action = models.CharField(
        _("tindak lanjut terakhir"), max_length=12, choices=FollowUpAction.choices, blank=True
    )
    data_blocked = models.BooleanField(_("data ASN diblokir"), default=False)
    # A finding (temuan) has no reporter who could withdraw it; a join keeps True if any part had one.
    has_reporter = models.BooleanField(_("berasal dari laporan masyarakat"), default=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("digabung ke"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="joined_cases",
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Scope:
        region = "region_code"
        agency = "agency"
        bkn = workflow.outside_q(workflow.BKN)
        ppk = workflow.outside_q(workflow.PPK)
        write_roles = {Role.SUPERVISOR, Role.BKN, Role.PPK}
        pii_roles = {Role.SUPERVISOR}
        # Joined across regions, a case holds another region's reports: that region still reads it
        # (the case page shows each region only its own reports, the others as a count).
        also_region = "reports__region_code"

    class Meta:
        ordering = ["deadline_at", "-created_at"]
        verbose_name = _("perkara")
        verbose_name_plural = _("perkara")
        indexes = [
            models.Index(fields=["region_code", "status", "deadline_at"]),
            # PostgreSQL serves the scope's LIKE 'code.%' from this (ignored on SQLite).
            models.Index(fields=["region_code"], name="cases_case_region_like", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["status", "route", "deadline_at"]),
            models.Index(fields=["agency", "status", "deadline_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_asn(self) -> bool:
        return self.subject_kind == SubjectKind.ASN

    @property
    def accused_confirmed(self) -> bool:
        return self.accused_status == AccusedStatus.CONFIRMED and self.asn_id is not None

    @property
    def employment_type(self) -> str:
        """PNS or PPPK: chooses the sanction vocabulary (unknown subjects count as PNS)."""
        return "PPPK" if self.asn is not None and self.asn.employment_type == "PPPK" else "PNS"


class CaseTransition(models.Model):
    """One step of a case's legal timeline. Append-only."""

    case = models.ForeignKey(Case, verbose_name=_("perkara"), on_delete=models.PROTECT, related_name="transitions")
    from_status = models.CharField(_("dari"), max_length=20, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(_("ke"), max_length=20, choices=CaseStatus.choices)
    at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("petugas"), null=True, blank=True, on_delete=models.SET_NULL
    )
    user_name = models.CharField(_("nama petugas"), max_length=150, blank=True)
    reason = models.TextField(_("alasan"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    request_id = models.CharField(_("ID permintaan"), max_length=64, blank=True)
    notified = models.BooleanField(_("sudah diberitahukan"), default=False)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("riwayat perkara")
        verbose_name_plural = _("riwayat perkara")

    def __str__(self) -> str:
        return f"{self.case.number}: {self.from_status or '∅'} → {self.to_status}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise RuntimeError("CaseTransition is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise RuntimeError("CaseTransition is append-only")


class DeadlineReminder(models.Model):
    """A reminder or escalation already sent for one clock of one case: what makes reminders idempotent."""

    case = models.ForeignKey(Case, verbose_name=_("perkara"), on_delete=models.CASCADE, related_name="reminders")
    rule = models.CharField(_("aturan tenggat"), max_length=40)
    deadline_at = models.DateTimeField(_("tenggat"))
    kind = models.CharField(_("jenis"), max_length=12, choices=ReminderKind.choices)
    recipients = models.JSONField(_("penerima"), default=list, blank=True)
    sent_at = models.DateTimeField(_("dikirim"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("pengingat tenggat")
        verbose_name_plural = _("pengingat tenggat")
        constraints = [
            models.UniqueConstraint(fields=["case", "rule", "deadline_at", "kind"], name="cases_reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.rule} {self.kind}"


__all__ = [
    "BKN_STATUSES",
    "PPK_STATUSES",
    "Case",
    "CaseTransition",
    "DeadlineReminder",
    "RecommendingBody",
    "SanctionLevel",
    "SanctionTrack",
    "ViolationMapping",
    "ViolationType",
]
