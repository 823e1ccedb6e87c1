"""Issuing bodies, the letters they issued (stored once, never regenerated) and case documents.

A ``Letter`` is written once, with its number, the exact PDF bytes and their SHA-256; asking for
it again serves those bytes. Anyone holding the paper checks it on the public verification page
by its unguessable code. ``CaseDocument`` rows are uploaded files on a case (clarification
minutes, the PPK's decree) kept with the evidence machinery of the reports app.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from netral.cases import workflow
from netral.core.roles import Role
from netral.core.scoping import ScopedQuerySet
from netral.letters.choices import Authority, DocumentKind, LetterKind

DEFAULT_NUMBERING = "{seq:03d}/{kind}/{body}/{roman_month}/{year}"


class LetterBody(models.Model):
    """An issuing body: its letterhead, its city, the official who signs and its numbering scheme.

    Edited in the admin site. A body with a region code serves the cases of that region and below
    (the most specific one wins); one without serves the whole country.
    """

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    authority = models.CharField(_("lembaga"), max_length=8, choices=Authority.choices)
    region_code = models.CharField(
        _("kode wilayah"), max_length=13, blank=True, help_text=_("Kosong: berlaku nasional.")
    )
    name = models.CharField(_("nama lembaga"), max_length=200)
    letterhead = models.TextField(
        _("kop surat"), help_text=_("Satu baris per baris kop: nama lembaga, alamat, telepon, laman.")
    )
    city = models.CharField(_("kota tempat surat dibuat"), max_length=80)
    number_code = models.CharField(
        _("kode lembaga dalam nomor"), max_length=40, help_text=_("Mengisi {body} pada pola nomor.")
    )
    numbering = models.CharField(
        _("pola nomor surat"),
        max_length=120,
        default=DEFAULT_NUMBERING,
        help_text=_(
            "Tempat isian: {seq} (nomor urut per lembaga per tahun, mis. {seq:03d}), {kind} (kode jenis surat), "
            "{body}, {month}, {roman_month}, {year}."
        ),
    )
    kind_codes = models.JSONField(
        _("kode jenis surat"),
        default=dict,
        blank=True,
        help_text=_('Mis. {"rekomendasi": "REK"}; jenis yang tidak disebut memakai kode bawaan.'),
    )
    signer_name = models.CharField(_("nama pejabat penanda tangan"), max_length=150)
    signer_title = models.CharField(_("jabatan pejabat penanda tangan"), max_length=200)
    signer_nip = models.CharField(_("NIP pejabat penanda tangan"), max_length=18, blank=True)
    cc = models.TextField(_("tembusan tambahan"), blank=True, help_text=_("Satu penerima per baris."))
    active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["authority", "region_code", "code"]
        verbose_name = _("lembaga penerbit surat")
        verbose_name_plural = _("lembaga penerbit surat")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from netral.letters import numbering

        try:
            numbering.check_template(self.numbering)
        except ValueError as exc:
            raise ValidationError({"numbering": str(exc)}) from exc

    @property
    def letterhead_lines(self) -> list[str]:
        return [line.strip() for line in self.letterhead.splitlines() if line.strip()]

    @property
    def cc_lines(self) -> list[str]:
        return [line.strip() for line in self.cc.splitlines() if line.strip()]


class Letter(models.Model):
    """One issued letter: its number, the exact PDF and its hash. Append-only, never re-rendered."""

    case = models.ForeignKey("cases.Case", verbose_name=_("perkara"), on_delete=models.PROTECT, related_name="letters")
    kind = models.CharField(_("jenis surat"), max_length=12, choices=LetterKind.choices)
    body = models.ForeignKey(LetterBody, verbose_name=_("lembaga penerbit"), on_delete=models.PROTECT)
    number = models.CharField(_("nomor surat"), max_length=120, unique=True)
    year = models.PositiveSmallIntegerField(_("tahun"))
    sequence = models.PositiveIntegerField(_("nomor urut"))
    subject = models.CharField(_("perihal"), max_length=250)
    addressee = models.CharField(_("kepada"), max_length=250)
    signer = models.CharField(_("penanda tangan"), max_length=250)
    pdf = models.BinaryField(_("berkas PDF"))
    size = models.PositiveIntegerField(_("ukuran (bita)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    verification_code = models.CharField(_("kode verifikasi"), max_length=40, unique=True)
    issued_at = models.DateTimeField(_("diterbitkan pada"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("diterbitkan oleh"), null=True, blank=True, on_delete=models.SET_NULL
    )
    issued_by_name = models.CharField(_("nama penerbit"), max_length=150, blank=True)

    # The PDF is kept, not logged: the audit entry carries its hash and size.
    AUDIT_EXCLUDE = ("pdf",)

    objects = ScopedQuerySet.as_manager()

    class Scope:
        region = "case__region_code"
        agency = "case__agency"
        bkn = workflow.outside_q(workflow.BKN, prefix="case__")
        ppk = workflow.outside_q(workflow.PPK, prefix="case__")
        write_roles = {Role.SUPERVISOR, Role.BKN}

    class Meta:
        ordering = ["issued_at", "id"]
        verbose_name = _("surat")
        verbose_name_plural = _("surat")
        constraints = [
            models.UniqueConstraint(fields=["case", "kind"], name="letters_one_per_case_and_kind"),
            models.UniqueConstraint(fields=["body", "year", "sequence"], name="letters_sequence_once"),
        ]

    def __str__(self) -> str:
        return self.number

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise RuntimeError("Letter is written once and never changed")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise RuntimeError("Letter is never deleted")


class CaseDocument(models.Model):
    """A file on a case (clarification minutes, the PPK's decree, other), checked like evidence."""

    case = models.ForeignKey(
        "cases.Case", verbose_name=_("perkara"), on_delete=models.PROTECT, related_name="documents"
    )
    kind = models.CharField(_("jenis dokumen"), max_length=14, choices=DocumentKind.choices)
    title = models.CharField(_("judul"), max_length=200, blank=True)
    original_name = models.CharField(_("nama berkas asli"), max_length=255)
    storage_path = models.CharField(_("lokasi berkas"), max_length=255)
    content_type = models.CharField(_("jenis isi (terdeteksi)"), max_length=100)
    size = models.PositiveBigIntegerField(_("ukuran (bita)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    uploaded_at = models.DateTimeField(_("diunggah pada"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("diunggah oleh"), null=True, blank=True, on_delete=models.SET_NULL
    )
    uploaded_by_name = models.CharField(_("nama pengunggah"), max_length=150, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Scope:
        region = "case__region_code"
        agency = "case__agency"
        bkn = workflow.outside_q(workflow.BKN, prefix="case__")
        ppk = workflow.outside_q(workflow.PPK, prefix="case__")
        write_roles = {Role.SUPERVISOR, Role.BKN, Role.PPK}

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("dokumen perkara")
        verbose_name_plural = _("dokumen perkara")

    def __str__(self) -> str:
        return self.title or self.original_name
