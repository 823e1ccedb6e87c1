"""Public reports (laporan) and supervisors' findings (temuan), with their evidence.

Reporter identity is encrypted at rest (EncryptedTextField) and excluded from audit records.
The receipt code is a bearer secret: only its SHA-256 is stored.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from netral.accounts.choices import Role
from netral.cases import workflow
from netral.cases.choices import SubjectKind
from netral.core.crypto import EncryptedTextField
from netral.core.models import RegionCodeMixin
from netral.core.scoping import ScopedQuerySet
from netral.reports.choices import EvidenceKind, Identity, ReporterCategory, ReportKind


class Report(RegionCodeMixin, models.Model):
    AUDIT_EXCLUDE = (
        "reporter_name",
        "reporter_address",
        "reporter_nik",
        "reporter_phone",
        "reporter_email",
        "reporter_nik_index",
        "receipt_hash",
    )
    # Rebuilt by ``rotate_encryption_keys --blind-indexes`` when BLIND_INDEX_KEY changes.
    BLIND_INDEXES = {"reporter_nik_index": "reporter_nik"}

    kind = models.CharField(_("jenis"), max_length=8, choices=ReportKind.choices, default=ReportKind.REPORT)
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("perkara"), null=True, blank=True, on_delete=models.PROTECT, related_name="reports"
    )
    receipt_hash = models.CharField(_("hash kode tanda terima"), max_length=64, unique=True, null=True, blank=True)
    # The code's first group ("NTR-7K3Q"): names the report in notices without being the secret (about 20
    # of its 99 bits), so a mail or chat notice never carries the code itself.
    receipt_hint = models.CharField(_("awal kode tanda terima"), max_length=12, blank=True)
    submitted_at = models.DateTimeField(_("diterima pada"), auto_now_add=True, db_index=True)

    # Who is reported
    subject_kind = models.CharField(
        _("jenis terlapor"), max_length=16, choices=SubjectKind.choices, default=SubjectKind.ASN
    )
    subject_name = models.CharField(_("nama terlapor"), max_length=200)
    subject_position = models.CharField(_("jabatan terlapor"), max_length=200, blank=True)
    subject_agency_name = models.CharField(_("instansi terlapor"), max_length=200, blank=True)
    subject_agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("instansi"), null=True, blank=True, on_delete=models.SET_NULL
    )
    subject_nip = models.CharField(_("NIP terlapor"), max_length=18, blank=True)
    subject_address = models.CharField(_("alamat/domisili terlapor"), max_length=250, blank=True)
    asn = models.ForeignKey(
        "personnel.ASN", verbose_name=_("ASN (registri)"), null=True, blank=True, on_delete=models.SET_NULL
    )

    # What, when, where
    description = models.TextField(_("uraian kejadian"))
    occurred_on = models.DateField(_("tanggal kejadian"), null=True, blank=True)
    known_on = models.DateField(_("tanggal diketahui"), null=True, blank=True)
    region = models.ForeignKey("regions.Region", verbose_name=_("wilayah kejadian"), on_delete=models.PROTECT)
    region_code = models.CharField(_("kode wilayah"), max_length=13, db_index=True, editable=False)
    place = models.CharField(_("tempat kejadian"), max_length=250, blank=True)
    election = models.ForeignKey(
        "regions.Election", verbose_name=_("pemilihan"), null=True, blank=True, on_delete=models.PROTECT
    )
    candidate_pair = models.ForeignKey(
        "regions.CandidatePair", verbose_name=_("pasangan calon"), null=True, blank=True, on_delete=models.SET_NULL
    )
    links = models.JSONField(_("tautan"), default=list, blank=True)

    # Reporter (laporan only). Encrypted; never logged.
    identity = models.CharField(_("identitas pelapor"), max_length=12, choices=Identity.choices, default=Identity.NAMED)
    reporter_category = models.CharField(
        _("kategori pelapor"), max_length=10, choices=ReporterCategory.choices, blank=True
    )
    reporter_name = EncryptedTextField(_("nama pelapor"), blank=True)
    reporter_address = EncryptedTextField(_("alamat pelapor"), blank=True)
    reporter_nik = EncryptedTextField(_("NIK pelapor"), blank=True)
    reporter_nik_index = models.CharField(_("indeks NIK"), max_length=64, blank=True, db_index=True)
    reporter_phone = EncryptedTextField(_("telepon pelapor"), blank=True)
    reporter_email = EncryptedTextField(_("surel pelapor"), blank=True)

    # Finding (temuan) only
    found_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ditemukan oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="findings",
    )
    supervising_unit = models.CharField(_("unit pengawas"), max_length=200, blank=True)
    # Where a finding came from when another module (monitoring) raised it: post text, source name.
    source_text = models.TextField(_("teks sumber"), blank=True)

    # Legal requirement check at intake (Perbawaslu 8/2020): what was missing, and whether late.
    is_late = models.BooleanField(_("melewati 7 hari"), default=False)
    formal_missing = models.JSONField(_("syarat formal kurang"), default=list, blank=True)
    material_missing = models.JSONField(_("syarat materiel kurang"), default=list, blank=True)
    initial_information = models.BooleanField(_("informasi awal"), default=False)

    objects = ScopedQuerySet.as_manager()

    class Scope:
        region = "region_code"
        agency = "subject_agency"
        # What BKN and PPK officers see of a report: what they see of its case.
        bkn = workflow.outside_q(workflow.BKN, prefix="case__")
        ppk = workflow.outside_q(workflow.PPK, prefix="case__")
        write_roles = {Role.SUPERVISOR}
        pii_roles = {Role.SUPERVISOR}

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("laporan/temuan")
        verbose_name_plural = _("laporan dan temuan")
        # PostgreSQL serves the scope's LIKE 'code.%' from this (ignored on SQLite).
        indexes = [
            models.Index(fields=["region_code"], name="reports_report_region_like", opclasses=["varchar_pattern_ops"])
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}: {self.subject_name}"


class Evidence(models.Model):
    """An evidence item: the original kept byte-for-byte (private storage), hashed, type sniffed."""

    report = models.ForeignKey(Report, verbose_name=_("laporan"), on_delete=models.PROTECT, related_name="evidence")
    kind = models.CharField(_("jenis"), max_length=10, choices=EvidenceKind.choices)
    url = models.URLField(_("tautan"), max_length=1000, blank=True)
    original_name = models.CharField(_("nama berkas asli"), max_length=255, blank=True)
    storage_path = models.CharField(_("lokasi berkas asli"), max_length=255, blank=True)
    display_path = models.CharField(_("lokasi salinan tampilan"), max_length=255, blank=True)
    content_type = models.CharField(_("jenis isi (terdeteksi)"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("ukuran (bita)"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, db_index=True)
    # Hash of the stripped display copy as written at intake (the case file lists both).
    display_sha256 = models.CharField(_("SHA-256 salinan tampilan"), max_length=64, blank=True)
    added_at = models.DateTimeField(_("ditambahkan"), auto_now_add=True)
    added_later = models.BooleanField(_("ditambahkan kemudian"), default=False)

    objects = ScopedQuerySet.as_manager()

    class Scope:
        region = "report__region_code"
        agency = "report__subject_agency"
        # Same visibility as the report it belongs to.
        bkn = workflow.outside_q(workflow.BKN, prefix="report__case__")
        ppk = workflow.outside_q(workflow.PPK, prefix="report__case__")
        write_roles = {Role.SUPERVISOR}
        # The original file is personal data: a photo's EXIF holds where the reporter stood and
        # their device. Only Bawaslu's supervisors in scope (and the administrator) may have it
        # (``restrict(user, "view_pii")``); everyone else who sees the report gets the display copy.
        pii_roles = {Role.SUPERVISOR}

    class Meta:
        ordering = ["added_at", "id"]
        verbose_name = _("bukti")
        verbose_name_plural = _("bukti")

    def __str__(self) -> str:
        return self.original_name or self.url


class AdditionalInformation(models.Model):
    """Text a reporter added later with the receipt code; kept apart so the original stays as filed."""

    report = models.ForeignKey(Report, verbose_name=_("laporan"), on_delete=models.PROTECT, related_name="additions")
    text = models.TextField(_("keterangan tambahan"))
    added_at = models.DateTimeField(_("ditambahkan"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Scope:
        region = "report__region_code"
        agency = "report__subject_agency"
        bkn = Evidence.Scope.bkn
        ppk = Evidence.Scope.ppk
        write_roles = {Role.SUPERVISOR}

    class Meta:
        ordering = ["added_at", "id"]
        verbose_name = _("keterangan tambahan")
        verbose_name_plural = _("keterangan tambahan")

    def __str__(self) -> str:
        return f"{self.report_id}: {self.text[:60]}"


class SubmissionToken(models.Model):
    """A client's idempotency token for one public submission (form or API).

    A retry after a timeout, a double click or a chat webhook delivered twice carries the same
    token: the report is filed once and the same receipt is answered again. Only the token's
    SHA-256 is stored; the receipt code is kept encrypted so it can be shown to the retry, and
    the row is pruned after ``SUBMISSION_REPLAY_HOURS`` (``prune_submission_tokens``).
    """

    AUDIT_EXCLUDE = ("token_hash", "receipt_code", "fingerprint")

    token_hash = models.CharField(_("hash token"), max_length=64, unique=True)
    fingerprint = models.CharField(_("sidik isi"), max_length=64)
    report = models.OneToOneField(
        Report, verbose_name=_("laporan"), on_delete=models.CASCADE, related_name="submission_token"
    )
    receipt_code = EncryptedTextField(_("kode tanda terima"))
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("token pengiriman")
        verbose_name_plural = _("token pengiriman")

    def __str__(self) -> str:
        return f"{self.report_id}"
