"""Cases and their append-only timeline.

Every report or finding opens a case; several reports of one incident can be joined into one.
The status lives on the case; every change of status is a CaseTransition row (the legal
timeline, and the outbox for notifications). Writes go through ``cases.services`` only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from netral.cases.choices import CaseStatus, Route, SubjectKind
from netral.core.scoping import ScopedQuerySet

BKN_STATUSES = [
    CaseStatus.FORWARDED_BKN,
    CaseStatus.BKN_VERIFICATION,
    CaseStatus.RECOMMENDED,
    CaseStatus.SANCTIONED,
    CaseStatus.REFUSED,
    CaseStatus.FOLLOW_UP,
    CaseStatus.CLOSED,
]
PPK_STATUSES = [
    CaseStatus.RECOMMENDED,
    CaseStatus.SANCTIONED,
    CaseStatus.REFUSED,
    CaseStatus.FOLLOW_UP,
    CaseStatus.CLOSED,
]


class Case(models.Model):
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
    election = models.ForeignKey(
        "regions.Election", verbose_name=_("pemilihan"), null=True, blank=True, on_delete=models.PROTECT
    )
    stage = models.ForeignKey(
        "regions.Stage", verbose_name=_("tahapan"), null=True, blank=True, on_delete=models.SET_NULL
    )
    occurred_on = models.DateField(_("tanggal kejadian"), null=True, blank=True)
    known_on = models.DateField(_("tanggal diketahui"), null=True, blank=True)
    route = models.CharField(_("jalur penerusan"), max_length=12, choices=Route.choices, blank=True)
    recommending_body = models.CharField(_("lembaga pemberi rekomendasi"), max_length=8, blank=True)
    # The running legal clock: which rule, and when it expires (null when no clock runs).
    deadline_rule = models.CharField(_("aturan tenggat"), max_length=40, blank=True)
    deadline_at = models.DateTimeField(_("tenggat"), null=True, blank=True, db_index=True)
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
        bkn = Q(status__in=BKN_STATUSES, route__in=[Route.BKN, Route.KASN])
        ppk = Q(status__in=PPK_STATUSES)
        write_roles = {"supervisor", "bkn", "ppk"}
        pii_roles = {"supervisor"}

    class Meta:
        ordering = ["deadline_at", "-created_at"]
        verbose_name = _("perkara")
        verbose_name_plural = _("perkara")
        indexes = [models.Index(fields=["region_code", "status", "deadline_at"])]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.region_code = self.region.code if self.region_id else ""
        super().save(*args, **kwargs)  # type: ignore[arg-type]


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
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise RuntimeError("CaseTransition is append-only")
