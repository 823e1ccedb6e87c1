"""Users: one role each, anchored to a region (supervisors, analysts) or an agency (PPK officers)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from netral.accounts.choices import LEVEL_DEPTH, Role, SupervisorLevel


class User(AbstractUser):
    role = models.CharField(_("peran"), max_length=12, choices=Role.choices, default=Role.ANALYST)
    supervisor_level = models.CharField(
        _("tingkat pengawas"), max_length=12, choices=SupervisorLevel.choices, blank=True
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("wilayah"), null=True, blank=True, on_delete=models.PROTECT
    )
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("instansi"), null=True, blank=True, on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    @property
    def region_code(self) -> str | None:
        """The code that bounds this user's view; None means the whole country."""
        region = self.region if self.region_id else None
        return region.code if region is not None else None

    def clean(self) -> None:
        super().clean()
        if self.role in (Role.SUPERVISOR, Role.ANALYST) and self.supervisor_level:
            depth = LEVEL_DEPTH[SupervisorLevel(self.supervisor_level)]
            actual = 0 if self.region is None else self.region.code.count(".") + 1
            if depth != actual:
                raise ValidationError({"region": _("Wilayah tidak sesuai dengan tingkat pengawas.")})
        if self.role == Role.PPK and self.agency_id is None:
            raise ValidationError({"agency": _("Petugas PPK harus terikat pada satu instansi.")})

    @property
    def is_supervisor(self) -> bool:
        return self.role == Role.SUPERVISOR

    @property
    def role_label(self) -> str:
        if self.role == Role.SUPERVISOR and self.supervisor_level:
            label = SupervisorLevel(self.supervisor_level).label
            region = self.region if self.region_id else None
            return f"{label} {region.name}" if region is not None else str(label)
        if self.role == Role.PPK and self.agency_id:
            return f"{Role(self.role).label} · {self.agency}"
        return str(Role(self.role).label)
