"""Users: one role each, anchored to a region (supervisors, analysts) or an agency (PPK officers).

Staff accounts are scoped like every other row (``netral.core.scoping``): a head of a Bawaslu
manages the supervisors and analysts of their region and below, a head of a BKPSDM the PPK
officers of their agency, an administrator everyone. Invitations and sign-in sessions live here.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netral.accounts.choices import LEVEL_DEPTH, Role, SupervisorLevel
from netral.core.scoping import ScopedQuerySet


class ScopedUserManager(UserManager.from_queryset(ScopedQuerySet)):  # type: ignore[misc]
    """Django's user manager (create_user, natural keys) with ``restrict()``."""


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
    is_head = models.BooleanField(
        _("kepala"),
        default=False,
        help_text=_("Ketua/kepala Bawaslu atau BKPSDM: mengelola akun petugas di wilayah atau instansinya."),
    )

    objects = ScopedUserManager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    class Scope:
        # Heads manage accounts through the same rule as every other row: supervisors and analysts
        # by region (their own and below), PPK officers by agency. BKN officers manage nobody.
        region = "region__code"
        agency = "agency"
        supervisor = Q(role__in=[Role.SUPERVISOR, Role.ANALYST])
        ppk = Q(role=Role.PPK)
        bkn = None
        write_roles = {"supervisor", "ppk"}
        write_requires = "is_head"

    AUDIT_EXCLUDE = ("password",)

    @classmethod
    def history_queryset(cls, user: Any) -> models.QuerySet[User]:
        """Whose account history `user` may read: the accounts they manage, and their own."""
        from netral.accounts.services import visible

        if not getattr(user, "is_authenticated", False):
            return cls.objects.none()
        return cls.objects.filter(Q(pk__in=visible(user).values("pk")) | Q(pk=user.pk))

    @property
    def region_code(self) -> str | None:
        """The code that bounds this user's view; None means the whole country."""
        region = self.region if self.region_id else None
        return region.code if region is not None else None

    @property
    def depth(self) -> int:
        """0 for national, 1 province, 2 regency/city, 3 kecamatan."""
        code = self.region_code
        return 0 if code is None else code.count(".") + 1

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
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN or self.is_superuser

    @property
    def manages_staff(self) -> bool:
        """Administrators, and heads of a Bawaslu (supervisor) or a BKPSDM (PPK officer)."""
        return self.is_active and (self.is_admin or (self.is_head and self.role in (Role.SUPERVISOR, Role.PPK)))

    @property
    def role_label(self) -> str:
        if self.role == Role.SUPERVISOR and self.supervisor_level:
            label = SupervisorLevel(self.supervisor_level).label
            region = self.region if self.region_id else None
            return f"{label} {region.name}" if region is not None else str(label)
        if self.role == Role.PPK and self.agency_id:
            return f"{Role(self.role).label} · {self.agency}"
        return str(Role(self.role).label)


def token_digest(token: str) -> str:
    """Links carry the token; the database keeps only its SHA-256 (a leaked table opens nothing)."""
    return hashlib.sha256(token.encode()).hexdigest()


class Invitation(models.Model):
    """A one-time link to set a password: a new account's invitation, or a reset sent by a manager.

    Used once (``used_at``), expires (``expires_at``), and a newer link for the same account
    revokes the older ones (``revoked_at``); each refusal names which of these it was.
    """

    class Purpose(models.TextChoices):
        INVITE = "invite", _("undangan")
        RESET = "reset", _("atur ulang kata sandi")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("akun"), on_delete=models.CASCADE, related_name="invitations"
    )
    purpose = models.CharField(_("keperluan"), max_length=8, choices=Purpose.choices, default=Purpose.INVITE)
    token_hash = models.CharField(_("sidik token"), max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)
    expires_at = models.DateTimeField(_("berlaku sampai"))
    used_at = models.DateTimeField(_("dipakai"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("dibatalkan"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("undangan")
        verbose_name_plural = _("undangan")

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} {self.user} {self.created_at:%Y-%m-%d}"

    @property
    def state(self) -> str:
        """ "open", "used", "revoked" or "expired"."""
        if self.used_at is not None:
            return "used"
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "open"


class SignInSession(models.Model):
    """One signed-in browser of a user, for the session list and "sign out other sessions".

    The session key is as secret as Django's own session table, which holds it too.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("akun"), on_delete=models.CASCADE, related_name="signins"
    )
    session_key = models.CharField(_("kunci sesi"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("masuk"), default=timezone.now)
    last_seen = models.DateTimeField(_("terakhir aktif"), default=timezone.now)
    ip_address = models.GenericIPAddressField(_("alamat"), null=True, blank=True)
    user_agent = models.CharField(_("peramban"), max_length=300, blank=True)

    class Meta:
        ordering = ["-last_seen"]
        verbose_name = _("sesi masuk")
        verbose_name_plural = _("sesi masuk")

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%Y-%m-%d %H:%M}"

    def describe(self) -> dict[str, Any]:
        return {"ip": self.ip_address, "agent": self.user_agent[:80], "since": self.created_at.isoformat()}
