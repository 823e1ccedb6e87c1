"""Prevention records (domain.md §8): pledge texts and signatures, mass signing events, circular
letters, other activities, approved campaign venues, and the reminders already sent.

Every model is scoped (``ScopedQuerySet`` + ``Scope``) by a region code and an agency: PPK/BKPSDM
officers manage their own agency's records, supervisors read those of their region, BKN reads all.
Writes go through ``prevention.services`` only.
"""

from __future__ import annotations

import datetime
import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from netral.accounts.choices import Role
from netral.core.models import RegionCodeMixin
from netral.core.scoping import ScopedQuerySet
from netral.prevention.choices import ActivityKind, FileKind, PledgeKind, ReminderKind, SignatureChannel

PPK_WRITES = {Role.PPK}


def body_sha256(body: str) -> str:
    """The hash a signature commits to: the text exactly as shown, line endings normalised."""
    return hashlib.sha256(body.replace("\r\n", "\n").strip().encode("utf-8")).hexdigest()


class AgencyScoped(models.Model):
    """The one access rule of the agency-issued prevention data: PPK officers write their agency's
    rows, supervisors read their region's (``region_code``), BKN reads all."""

    objects = ScopedQuerySet.as_manager()

    class Scope:
        region = "region_code"
        agency = "agency"
        bkn = Q()
        write_roles = PPK_WRITES

    class Meta:
        abstract = True


class PledgeText(AgencyScoped):
    """One version of a pledge (ikrar) or integrity pact text; national when `agency` is empty.

    Texts are never edited after publication: a change is a new version, so every signature
    keeps pointing at the words that were actually agreed to (its `text_sha256`).
    """

    kind = models.CharField(_("jenis"), max_length=8, choices=PledgeKind.choices)
    version = models.PositiveSmallIntegerField(_("versi"))
    title = models.CharField(_("judul"), max_length=200)
    body = models.TextField(_("isi naskah"))
    effective_from = models.DateField(_("berlaku mulai"))
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("instansi (kosong = naskah nasional)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pledge_texts",
    )
    region_code = models.CharField(_("kode wilayah"), max_length=13, blank=True, db_index=True, editable=False)
    sha256 = models.CharField(_("SHA-256 naskah"), max_length=64, editable=False)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        ordering = ["kind", "-effective_from", "-version"]
        verbose_name = _("naskah ikrar/pakta")
        verbose_name_plural = _("naskah ikrar/pakta")
        constraints = [
            models.UniqueConstraint(fields=["kind", "agency", "version"], name="prevention_text_version_agency"),
            models.UniqueConstraint(
                fields=["kind", "version"], condition=Q(agency__isnull=True), name="prevention_text_version_national"
            ),
        ]

    def __str__(self) -> str:
        scope = self.agency.name if self.agency is not None else _("nasional")
        return f"{self.get_kind_display()} v{self.version} ({scope})"

    def save(self, *args: object, **kwargs: object) -> None:
        self.sha256 = body_sha256(self.body)
        self.region_code = self.agency.region_code if self.agency is not None else ""
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class PledgeSignature(AgencyScoped):
    """One ASN's individual signature of one text version for one election (append-only)."""

    asn = models.ForeignKey(
        "personnel.ASN", verbose_name=_("ASN"), on_delete=models.PROTECT, related_name="pledge_signatures"
    )
    text = models.ForeignKey(PledgeText, verbose_name=_("naskah"), on_delete=models.PROTECT, related_name="signatures")
    election = models.ForeignKey("regions.Election", verbose_name=_("pemilihan"), on_delete=models.PROTECT)
    signed_at = models.DateTimeField(_("waktu tanda tangan"))
    text_sha256 = models.CharField(_("SHA-256 naskah"), max_length=64)
    signature_hash = models.CharField(_("hash tanda tangan"), max_length=64, unique=True)
    # Bearer token of the certificate URL: shown once after signing, never listed.
    token = models.CharField(_("token sertifikat"), max_length=64, unique=True)
    channel = models.CharField(_("saluran"), max_length=8, choices=SignatureChannel.choices)
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("instansi"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "agencies.Unit", verbose_name=_("unit kerja"), null=True, blank=True, on_delete=models.SET_NULL
    )
    region_code = models.CharField(_("kode wilayah"), max_length=13, blank=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("akun"), null=True, blank=True, on_delete=models.SET_NULL
    )
    # Which agency-issued code authorised the signature (its id, never the code); empty for
    # signatures made before codes existed, imports, or when PLEDGE_REQUIRE_CODE is off.
    signing_code = models.ForeignKey(
        "SigningCode",
        verbose_name=_("kode penandatanganan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signatures",
    )

    AUDIT_EXCLUDE = ("token",)

    class Meta:
        ordering = ["-signed_at"]
        verbose_name = _("tanda tangan ikrar")
        verbose_name_plural = _("tanda tangan ikrar")
        constraints = [
            models.UniqueConstraint(fields=["asn", "text", "election"], name="prevention_one_signature_per_version")
        ]
        indexes = [models.Index(fields=["election", "agency"])]

    def __str__(self) -> str:
        return f"{self.asn.name} · {self.text}"


class SigningCode(AgencyScoped):
    """A code an agency's PPK/BKPSDM officer issues for one signing campaign (text version +
    election, optionally some units and a validity window).

    The NIP encodes the birth date, so NIP + birth date alone proves nothing; the code is the
    second factor the agency hands out internally. Only an HMAC of it is stored (``code_hash``):
    the plain code is shown once, at creation. Codes are revoked, never deleted, because the
    signatures they authorised keep pointing at them.
    """

    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("instansi"), on_delete=models.PROTECT, related_name="signing_codes"
    )
    region_code = models.CharField(_("kode wilayah"), max_length=13, blank=True, db_index=True, editable=False)
    text = models.ForeignKey(
        PledgeText, verbose_name=_("naskah"), on_delete=models.PROTECT, related_name="signing_codes"
    )
    election = models.ForeignKey("regions.Election", verbose_name=_("pemilihan"), on_delete=models.PROTECT)
    units = models.ManyToManyField(
        "agencies.Unit", verbose_name=_("unit kerja (kosong = seluruh instansi)"), blank=True, related_name="+"
    )
    label = models.CharField(_("keterangan"), max_length=200, blank=True)
    valid_from = models.DateField(_("berlaku mulai"))
    valid_until = models.DateField(_("berlaku sampai"), null=True, blank=True)
    code_hash = models.CharField(_("HMAC kode"), max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dicabut oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Refused signing attempts that quoted this code (foreign NIP, outside the window, revoked…).
    failures = models.PositiveIntegerField(_("percobaan gagal"), default=0)
    last_failure_at = models.DateTimeField(_("percobaan gagal terakhir"), null=True, blank=True)

    AUDIT_EXCLUDE = ("code_hash",)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("kode penandatanganan")
        verbose_name_plural = _("kode penandatanganan")

    def __str__(self) -> str:
        return f"#{self.pk} {self.label or self.text}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.region_code = self.agency.region_code or ""
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def status_on(self, day: datetime.date) -> str:
        """ "revoked", "pending" (window not open), "expired" or "active" on `day`."""
        if self.revoked_at is not None:
            return "revoked"
        if day < self.valid_from:
            return "pending"
        if self.valid_until is not None and day > self.valid_until:
            return "expired"
        return "active"


class PreventionRecord(RegionCodeMixin, AgencyScoped):
    """What every agency-issued prevention record shares: its region (and the denormalised code the
    scope filters on), its election, when it was recorded, and the agency-scoped access rule.

    Abstract: each record keeps its own table and its own ``agency`` FK (labels and reverse names
    differ). The fields here keep their exact definitions, so moving them changed no column.
    """

    region = models.ForeignKey("regions.Region", verbose_name=_("wilayah"), on_delete=models.PROTECT)
    region_code = models.CharField(_("kode wilayah"), max_length=13, db_index=True, editable=False)
    election = models.ForeignKey(
        "regions.Election", verbose_name=_("pemilihan"), null=True, blank=True, on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-date", "-id"]


class StagedPreventionRecord(PreventionRecord):
    """A record of something that happened during an election: also the stage (tahapan) it fell in."""

    stage = models.ForeignKey(
        "regions.Stage", verbose_name=_("tahapan"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta(PreventionRecord.Meta):
        abstract = True


class PledgeEvent(StagedPreventionRecord):
    """A mass signing or reading of a pledge ("apel", "Aula …") with a headcount and maybe a list."""

    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("instansi"), on_delete=models.PROTECT, related_name="pledge_events"
    )
    units = models.ManyToManyField("agencies.Unit", verbose_name=_("unit kerja"), blank=True, related_name="+")
    kind = models.CharField(_("jenis"), max_length=8, choices=PledgeKind.choices)
    text = models.ForeignKey(
        PledgeText, verbose_name=_("naskah"), null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    title = models.CharField(_("nama kegiatan"), max_length=200)
    date = models.DateField(_("tanggal"))
    place = models.CharField(_("tempat"), max_length=200)
    participants_count = models.PositiveIntegerField(_("jumlah peserta (dilaporkan)"), default=0)
    notes = models.TextField(_("catatan"), blank=True)
    attendees = models.ManyToManyField(
        "personnel.ASN", verbose_name=_("peserta"), through="EventAttendee", blank=True, related_name="pledge_events"
    )

    class Meta(PreventionRecord.Meta):
        verbose_name = _("penandatanganan massal")
        verbose_name_plural = _("penandatanganan massal")

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d/%m/%Y})"


class EventAttendee(models.Model):
    """An ASN listed as present at a mass signing (from the attendee import)."""

    event = models.ForeignKey(PledgeEvent, verbose_name=_("kegiatan"), on_delete=models.CASCADE)
    asn = models.ForeignKey("personnel.ASN", verbose_name=_("ASN"), on_delete=models.PROTECT)
    added_at = models.DateTimeField(_("ditambahkan"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Scope:
        region = "event__region_code"
        agency = "event__agency"
        bkn = Q()
        write_roles = PPK_WRITES

    class Meta:
        verbose_name = _("peserta kegiatan")
        verbose_name_plural = _("peserta kegiatan")
        constraints = [models.UniqueConstraint(fields=["event", "asn"], name="prevention_attendee_once")]

    def __str__(self) -> str:
        return f"{self.asn_id} @ {self.event_id}"


class Circular(StagedPreventionRecord):
    """A circular letter (surat edaran) on ASN neutrality issued by an agency head."""

    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("instansi penerbit"), on_delete=models.PROTECT, related_name="circulars"
    )
    number = models.CharField(_("nomor"), max_length=120)
    date = models.DateField(_("tanggal"))
    subject = models.CharField(_("perihal"), max_length=250)
    signer_name = models.CharField(_("nama penandatangan"), max_length=150)
    signer_title = models.CharField(_("jabatan penandatangan"), max_length=150)
    addressees = models.TextField(_("ditujukan kepada"), blank=True)

    class Meta(PreventionRecord.Meta):
        verbose_name = _("surat edaran")
        verbose_name_plural = _("surat edaran")
        constraints = [models.UniqueConstraint(fields=["agency", "number"], name="prevention_circular_number")]

    def __str__(self) -> str:
        return f"SE {self.number}"


class PreventionActivity(StagedPreventionRecord):
    """Another prevention activity: socialisation, roll call, coordination, declaration, campaigns."""

    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("instansi"), on_delete=models.PROTECT, related_name="prevention_activities"
    )
    kind = models.CharField(_("jenis"), max_length=20, choices=ActivityKind.choices)
    title = models.CharField(_("nama kegiatan"), max_length=200)
    date = models.DateField(_("tanggal"))
    place = models.CharField(_("tempat"), max_length=200, blank=True)
    participants_count = models.PositiveIntegerField(_("jumlah peserta (dilaporkan)"), default=0)
    description = models.TextField(_("uraian"), blank=True)

    class Meta(PreventionRecord.Meta):
        verbose_name = _("kegiatan pencegahan")
        verbose_name_plural = _("kegiatan pencegahan")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"


class VenueDecree(PreventionRecord):
    """The regent's or mayor's decree listing the places campaigns may use in a period."""

    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("instansi"), on_delete=models.PROTECT, related_name="venue_decrees"
    )
    number = models.CharField(_("nomor keputusan"), max_length=120)
    date = models.DateField(_("tanggal keputusan"))
    title = models.CharField(_("judul"), max_length=250)
    period_start = models.DateField(_("berlaku mulai"))
    period_end = models.DateField(_("berlaku sampai"))

    class Meta(PreventionRecord.Meta):
        verbose_name = _("keputusan tempat kampanye")
        verbose_name_plural = _("keputusan tempat kampanye")
        constraints = [models.UniqueConstraint(fields=["agency", "number"], name="prevention_decree_number")]

    def __str__(self) -> str:
        return self.number


class ApprovedVenue(models.Model):
    """One facility or place a decree allows campaigns to use."""

    decree = models.ForeignKey(
        VenueDecree, verbose_name=_("keputusan"), on_delete=models.CASCADE, related_name="venues"
    )
    name = models.CharField(_("nama tempat"), max_length=200)
    # Lower-cased, abbreviations expanded: what the fuzzy match compares.
    name_normalized = models.CharField(_("nama ternormalisasi"), max_length=200, editable=False)
    address = models.CharField(_("alamat"), max_length=250, blank=True)
    notes = models.CharField(_("keterangan"), max_length=250, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Scope:
        region = "decree__region_code"
        agency = "decree__agency"
        bkn = Q()
        write_roles = PPK_WRITES

    class Meta:
        ordering = ["decree", "name"]
        verbose_name = _("tempat kampanye yang diizinkan")
        verbose_name_plural = _("tempat kampanye yang diizinkan")

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        from netral.prevention.venues import normalize_place

        self.name_normalized = normalize_place(self.name)[:200]
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class PreventionFile(AgencyScoped):
    """A photo or document attached to a prevention record: original kept byte-for-byte, hashed."""

    kind = models.CharField(_("jenis"), max_length=8, choices=FileKind.choices)
    original_name = models.CharField(_("nama berkas asli"), max_length=255)
    storage_path = models.CharField(_("lokasi berkas"), max_length=255)
    content_type = models.CharField(_("jenis isi (terdeteksi)"), max_length=100)
    size = models.PositiveBigIntegerField(_("ukuran (bita)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("instansi"), on_delete=models.PROTECT, related_name="+"
    )
    region_code = models.CharField(_("kode wilayah"), max_length=13, db_index=True)
    event = models.ForeignKey(
        PledgeEvent,
        verbose_name=_("penandatanganan massal"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="files",
    )
    circular = models.ForeignKey(
        Circular, verbose_name=_("surat edaran"), null=True, blank=True, on_delete=models.CASCADE, related_name="files"
    )
    activity = models.ForeignKey(
        PreventionActivity,
        verbose_name=_("kegiatan"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="files",
    )
    decree = models.ForeignKey(
        VenueDecree, verbose_name=_("keputusan"), null=True, blank=True, on_delete=models.CASCADE, related_name="files"
    )
    uploaded_at = models.DateTimeField(_("diunggah"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("berkas pencegahan")
        verbose_name_plural = _("berkas pencegahan")

    def __str__(self) -> str:
        return self.original_name


class ReminderSent(models.Model):
    """A reminder already e-mailed to an agency's PPK officers: makes the command idempotent."""

    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("instansi"), on_delete=models.CASCADE, related_name="+"
    )
    election = models.ForeignKey("regions.Election", verbose_name=_("pemilihan"), on_delete=models.CASCADE)
    kind = models.CharField(_("jenis pengingat"), max_length=16, choices=ReminderKind.choices)
    region_code = models.CharField(_("kode wilayah"), max_length=13, blank=True, db_index=True)
    sent_at = models.DateTimeField(_("dikirim"), auto_now_add=True)
    recipients = models.TextField(_("penerima"), blank=True)
    message = models.TextField(_("pesan"))

    objects = ScopedQuerySet.as_manager()

    class Scope:
        region = "region_code"
        agency = "agency"
        bkn = Q()
        write_roles: set[str] = set()

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("pengingat terkirim")
        verbose_name_plural = _("pengingat terkirim")
        constraints = [models.UniqueConstraint(fields=["agency", "election", "kind"], name="prevention_reminder_once")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.agency_id}"
