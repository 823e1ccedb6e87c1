"""The ASN registry: one row per civil servant, keyed by NIP (PNS/CPNS) or NI PPPK."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from netral.accounts.choices import Role
from netral.core.crypto import EncryptedTextField
from netral.core.scoping import ScopedQuerySet
from netral.personnel.choices import EmploymentType, ImportStatus, PositionClass


class ASN(models.Model):
    # Rebuilt by ``rotate_encryption_keys --blind-indexes`` when BLIND_INDEX_KEY changes.
    BLIND_INDEXES = {"nik_index": "nik_encrypted"}

    identifier = models.CharField(_("NIP / NI PPPK"), max_length=18, unique=True)
    employment_type = models.CharField(_("jenis kepegawaian"), max_length=4, choices=EmploymentType.choices)
    name = models.CharField(_("nama"), max_length=200)
    # Lower-cased name without titles/punctuation: what fuzzy look-up indexes.
    # Indexed only together with the agency (Meta.indexes); look-up uses ASNNameKey.
    name_normalized = models.CharField(_("nama ternormalisasi"), max_length=200)
    birth_date = models.DateField(_("tanggal lahir"), null=True, blank=True)
    gender = models.CharField(_("jenis kelamin"), max_length=1, blank=True)
    position = models.CharField(_("jabatan"), max_length=200, blank=True)
    position_class = models.CharField(_("kelas jabatan"), max_length=16, choices=PositionClass.choices, blank=True)
    # The (agency, name_normalized) index serves agency filters; no separate FK index.
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("instansi"), on_delete=models.PROTECT, related_name="asn", db_index=False
    )
    unit = models.ForeignKey(
        "agencies.Unit",
        verbose_name=_("unit kerja"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="asn",
    )
    # Scope and filters use region_code (indexed); the FK needs no index of its own.
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("wilayah"), null=True, blank=True, on_delete=models.PROTECT, db_index=False
    )
    region_code = models.CharField(_("kode wilayah"), max_length=13, blank=True, db_index=True)
    active = models.BooleanField(_("aktif"), default=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)
    # NIK (population number) only encrypted, plus a keyed hash to find it; never listed or logged.
    nik_encrypted = EncryptedTextField(_("NIK (terenkripsi)"), blank=True, default="")
    nik_index = models.CharField(_("indeks NIK"), max_length=64, blank=True, default="")
    # Which import run last created or changed this row, and from which file row (provenance).
    import_run = models.ForeignKey(
        "personnel.ImportRun",
        verbose_name=_("impor terakhir"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    import_row = models.PositiveIntegerField(_("baris impor"), null=True, blank=True)

    AUDIT_EXCLUDE = ("nik_encrypted", "nik_index")

    objects = ScopedQuerySet.as_manager()

    class Scope:
        region = "region_code"
        agency = "agency"
        bkn = Q()
        write_roles = {Role.PPK}

    class Meta:
        ordering = ["name"]
        verbose_name = _("ASN")
        verbose_name_plural = _("ASN")
        # Few indexes on purpose: each one is paid for on every imported row (4.76 million).
        indexes = [
            models.Index(fields=["agency", "name_normalized"]),
            models.Index(fields=["nik_index"], name="personnel_asn_nik_index", condition=~Q(nik_index="")),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.identifier})"


class ASNNameKey(models.Model):
    """One phonetic key per name token (see names.name_keys): the blocking index of person look-up.

    Agency and region are copied here so a hinted look-up filters inside one index range
    instead of joining millions of ASN rows.
    """

    # No database FK constraints: a derived table rebuilt by the importer; checking two foreign
    # keys per key row at every batch commit doubled the import time.
    asn = models.ForeignKey(
        ASN, verbose_name=_("ASN"), on_delete=models.CASCADE, related_name="name_keys", db_constraint=False
    )
    key = models.CharField(_("kunci"), max_length=24)
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("instansi"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    region_code = models.CharField(_("kode wilayah"), max_length=13, blank=True)

    class Meta:
        verbose_name = _("kunci nama ASN")
        verbose_name_plural = _("kunci nama ASN")
        indexes = [
            models.Index(fields=["key", "agency"], name="personnel_namekey_agency"),
            models.Index(fields=["key", "region_code"], name="personnel_namekey_region"),
        ]

    def __str__(self) -> str:
        return self.key


class ImportRun(models.Model):
    """One import of a registry file: progress, counts and (capped) per-row errors.

    Each batch commits together with this row's counters, so after a crash the counters match
    what is in the database and a re-run of the same file (same sha256) continues after
    `last_committed_row`.
    """

    MAX_ERRORS = 1000

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("instansi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registry_imports",
        help_text=_("Kosong: impor nasional (hanya admin)."),
    )
    user = models.ForeignKey(
        "accounts.User", verbose_name=_("petugas"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    file_name = models.CharField(_("nama berkas"), max_length=255)
    file_path = models.CharField(_("lokasi berkas"), max_length=500, blank=True)
    file_sha256 = models.CharField(_("sha256 berkas"), max_length=64, db_index=True)
    file_format = models.CharField(_("format"), max_length=4)
    status = models.CharField(_("status"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.PENDING)
    rows_done = models.PositiveIntegerField(_("baris diproses"), default=0)
    rows_total = models.PositiveIntegerField(_("perkiraan jumlah baris"), null=True, blank=True)
    last_committed_row = models.PositiveIntegerField(_("baris terakhir yang tersimpan"), default=0)
    progress = models.FloatField(_("kemajuan"), default=0.0)
    created = models.PositiveIntegerField(_("baru"), default=0)
    updated = models.PositiveIntegerField(_("diperbarui"), default=0)
    unchanged = models.PositiveIntegerField(_("tidak berubah"), default=0)
    error_count = models.PositiveIntegerField(_("jumlah galat"), default=0)
    errors = models.JSONField(_("galat per baris"), default=list, blank=True)
    file_error = models.TextField(_("galat berkas"), blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    started_at = models.DateTimeField(_("mulai"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("detak terakhir"), null=True, blank=True)
    # The process importing the run ("host:pid:start", see lease.py): a dead one is known at once.
    owner = models.CharField(_("proses pengimpor"), max_length=300, blank=True)
    interruptions = models.PositiveIntegerField(
        _("jeda koneksi"), default=0, help_text=_("Berapa kali impor tersambung ulang ke basis data lalu melanjutkan.")
    )
    # Bulk mode (bulk_load.py): indexes and foreign keys dropped for this run, to recreate at its end.
    bulk = models.BooleanField(_("mode muat besar"), default=False)
    bulk_restore = models.JSONField(_("indeks yang dibangun ulang"), default=list, blank=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Scope:
        region = "agency__region_code"
        agency = "agency"
        bkn = None
        write_roles = {Role.PPK}

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("impor registri")
        verbose_name_plural = _("impor registri")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in (ImportStatus.PENDING, ImportStatus.RUNNING)

    @property
    def percent(self) -> int:
        return round(100 * min(max(self.progress, 0.0), 1.0))


class ImportSeen(models.Model):
    """Identifiers an import run has already taken, with their file row: finds duplicates in a file.

    Kept in the database (not in memory) so a national file of millions of rows needs bounded
    memory and a resumed run still knows what it saw before the crash. Emptied when the run ends.
    """

    # Served by the (run, identifier) constraint's index; a second index would be paid per row.
    run = models.ForeignKey(
        ImportRun,
        verbose_name=_("impor"),
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    identifier = models.CharField(_("NIP / NI PPPK"), max_length=18)
    row = models.PositiveIntegerField(_("baris"))

    class Meta:
        verbose_name = _("identitas terbaca")
        verbose_name_plural = _("identitas terbaca")
        constraints = [models.UniqueConstraint(fields=["run", "identifier"], name="personnel_importseen_unique")]

    def __str__(self) -> str:
        return f"{self.identifier}@{self.row}"
