"""Staff management: invitations, role/region/agency changes, deactivation, resets, sessions.

Who may manage whom is the scoping rule on ``User`` (``User.Scope``): an administrator everyone,
a head of a Bawaslu the supervisors and analysts of their region and below, a head of a BKPSDM
the PPK officers of their agency. On top of that nobody manages their own account here, and a
head never manages another head of their own level or above. Every write is audited.
"""

from __future__ import annotations

import datetime
import logging
import re
import secrets
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from netral.accounts.choices import Role, SupervisorLevel
from netral.accounts.models import Invitation, SignInSession, User, token_digest
from netral.agencies.models import Agency
from netral.core import audit
from netral.core.models import ObjectChange
from netral.core.scoping import region_prefix_q
from netral.regions.models import Region

logger = logging.getLogger(__name__)

LEVEL_BY_DEPTH = {
    0: SupervisorLevel.RI,
    1: SupervisorLevel.PROVINCE,
    2: SupervisorLevel.REGENCY,
    3: SupervisorLevel.DISTRICT,
}
REGION_ROLES = (Role.SUPERVISOR, Role.ANALYST)
_USERNAME_OK = re.compile(r"^[\w.@+-]{3,150}$")


# --- who may manage what ------------------------------------------------------------------


def manageable(actor: User) -> QuerySet[User]:
    """Accounts `actor` may change: through the scope, never their own, never a peer or higher head."""
    qs = User.objects.restrict(actor, "change").exclude(pk=actor.pk)
    if actor.is_admin:
        return qs
    if actor.role == Role.PPK:
        return qs.exclude(is_head=True)
    depth = actor.depth
    peers = Q(is_head=True, region__isnull=True)
    if depth:
        peers |= Q(is_head=True, region__level__lte=depth)
    return qs.exclude(peers)


def visible(actor: User) -> QuerySet[User]:
    """Accounts listed in the staff area: the manageable ones plus the actor."""
    if not actor.manages_staff:
        return User.objects.none()
    return User.objects.filter(Q(pk__in=manageable(actor).values("pk")) | Q(pk=actor.pk))


def assignable_roles(actor: User) -> list[str]:
    if actor.is_admin:
        return [r.value for r in Role]
    if actor.role == Role.SUPERVISOR and actor.is_head:
        return [Role.SUPERVISOR, Role.ANALYST]
    if actor.role == Role.PPK and actor.is_head:
        return [Role.PPK]
    return []


def assignable_regions(actor: User, *, max_level: int = 3) -> QuerySet[Region]:
    """Regions a new supervisor or analyst may be anchored to (the actor's region and below)."""
    if not (actor.is_admin or (actor.role == Role.SUPERVISOR and actor.is_head)):
        return Region.objects.none()
    qs = Region.objects.filter(level__lte=max_level)
    if actor.is_admin:
        return qs
    return qs.filter(region_prefix_q("code", actor.region_code))


def assignable_agencies(actor: User) -> QuerySet[Agency]:
    if actor.is_admin:
        return Agency.objects.all()
    if actor.role == Role.PPK and actor.is_head and actor.agency_id:
        return Agency.objects.filter(pk=actor.agency_id)
    return Agency.objects.none()


def may_appoint_head(actor: User, role: str, region: Region | None) -> bool:
    """Administrators appoint any head; a Bawaslu head appoints heads below their own level."""
    if role not in (Role.SUPERVISOR, Role.PPK):
        return False
    if actor.is_admin:
        return True
    if actor.role == Role.SUPERVISOR and actor.is_head and role == Role.SUPERVISOR:
        depth = 0 if region is None else region.code.count(".") + 1
        return depth > actor.depth
    return False


# --- the account a manager describes ------------------------------------------------------


@dataclass
class StaffSpec:
    email: str
    first_name: str = ""
    last_name: str = ""
    role: str = Role.SUPERVISOR
    region: Region | None = None
    agency: Agency | None = None
    is_head: bool = False
    username: str = ""
    errors: dict[str, list[str]] = field(default_factory=dict)

    def error(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)


def check_spec(actor: User, spec: StaffSpec, *, target: User | None = None) -> StaffSpec:
    """Fill `spec.errors` with every reason `actor` may not create (or turn `target` into) this account."""
    if spec.role not in assignable_roles(actor):
        spec.error("role", _("Anda tidak dapat memberikan peran ini."))
        return spec
    email = spec.email.strip().lower()
    spec.email = email
    if target is None or email != (target.email or "").lower():
        if not email or "@" not in email:
            spec.error("email", _("Alamat e-mail wajib diisi."))
        elif User.objects.filter(email__iexact=email).exclude(pk=getattr(target, "pk", None)).exists():
            spec.error("email", _("Alamat e-mail ini sudah dipakai akun lain."))
    if spec.role in REGION_ROLES:
        spec.agency = None
        if spec.region is None:
            if not (actor.is_admin or actor.depth == 0):
                spec.error("region", _("Pilih wilayah."))
        elif not assignable_regions(actor).filter(pk=spec.region.pk).exists():
            spec.error("region", _("Wilayah ini di luar wilayah Anda."))
    elif spec.role == Role.PPK:
        spec.region = None
        if spec.agency is None:
            spec.error("agency", _("Petugas PPK harus terikat pada satu instansi."))
        elif not assignable_agencies(actor).filter(pk=spec.agency.pk).exists():
            spec.error("agency", _("Instansi ini di luar kewenangan Anda."))
    else:
        spec.region, spec.agency = None, None
    if spec.is_head and not may_appoint_head(actor, spec.role, spec.region):
        spec.error("is_head", _("Anda tidak dapat mengangkat kepala pada tingkat ini."))
    if target is None:
        if spec.username:
            if not _USERNAME_OK.match(spec.username):
                spec.error("username", _("Nama pengguna 3–150 karakter: huruf, angka dan . @ + - _"))
            elif User.objects.filter(username__iexact=spec.username).exists():
                spec.error("username", _("Nama pengguna ini sudah dipakai."))
        else:
            spec.username = _free_username(email)
    return spec


def _free_username(email: str) -> str:
    base = re.sub(r"[^\w.+-]", "", email.split("@")[0])[:140]
    if len(base) < 3:
        base = f"{base}.petugas".lstrip(".")
    name, n = base, 1
    while User.objects.filter(username__iexact=name).exists():
        n += 1
        name = f"{base}{n}"
    return name


def _apply(user: User, spec: StaffSpec) -> None:
    user.email = spec.email
    user.first_name, user.last_name = spec.first_name.strip()[:150], spec.last_name.strip()[:150]
    user.role = spec.role
    user.region = spec.region
    user.agency = spec.agency
    user.is_head = spec.is_head
    depth = 0 if spec.region is None else spec.region.code.count(".") + 1
    user.supervisor_level = LEVEL_BY_DEPTH.get(depth, "") if spec.role in REGION_ROLES else ""
    user.is_staff = spec.role == Role.ADMIN
    user.is_superuser = user.is_superuser and spec.role == Role.ADMIN


# --- invitation links ---------------------------------------------------------------------


class LinkRefused(Exception):
    """The link cannot be used: ``state`` is "unknown", "used", "revoked", "expired" or "inactive"."""

    def __init__(self, state: str) -> None:
        super().__init__(state)
        self.state = state


REFUSAL_MESSAGES = {
    "unknown": gettext_noop("Tautan ini tidak dikenal. Periksa kembali tautan di e-mail Anda."),
    "used": gettext_noop(
        "Tautan ini sudah dipakai. Masuk dengan kata sandi Anda, atau minta tautan baru kepada pengelola akun."
    ),
    "revoked": gettext_noop("Tautan ini sudah diganti dengan tautan yang lebih baru. Pakai tautan di e-mail terakhir."),
    "expired": gettext_noop("Tautan ini sudah kedaluwarsa. Minta tautan baru kepada pengelola akun Anda."),
    "inactive": gettext_noop("Akun ini sudah dinonaktifkan. Hubungi pengelola akun Anda."),
}


def refusal_message(state: str) -> str:
    return _(REFUSAL_MESSAGES.get(state, REFUSAL_MESSAGES["unknown"]))


def link_url(token: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{reverse('accounts:invitation', args=[token])}"


def issue_link(user: User, purpose: str, *, by: User | None) -> str:
    """A new one-time link for `user` (older open links are revoked). Returns the raw token."""
    now = timezone.now()
    Invitation.objects.filter(user=user, used_at__isnull=True, revoked_at__isnull=True).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    Invitation.objects.create(
        user=user,
        purpose=purpose,
        token_hash=token_digest(token),
        created_by=by,
        expires_at=now + datetime.timedelta(days=settings.INVITATION_DAYS),
    )
    return token


def _mail_link(user: User, token: str, purpose: str) -> None:
    """Send after commit; a mail failure is logged and shown to the manager, the account stays."""
    if purpose == Invitation.Purpose.INVITE:
        subject = _("[netral] Undangan akun petugas")
        intro = _("Anda diundang sebagai %(role)s di netral.") % {"role": user.role_label}
    else:
        subject = _("[netral] Atur ulang kata sandi")
        intro = _("Pengelola akun Anda meminta Anda mengatur kata sandi baru.")
    body = "\n".join(
        [
            intro,
            _("Nama pengguna: %(username)s") % {"username": user.username},
            _("Buat kata sandi di tautan ini (sekali pakai, berlaku %(days)s hari):")
            % {"days": settings.INVITATION_DAYS},
            link_url(token),
            "",
            _("Setelah itu Anda memasang aplikasi autentikator (verifikasi dua langkah)."),
        ]
    )

    def send() -> None:
        try:
            send_mail(subject, body, None, [user.email], fail_silently=False)
        except Exception:
            logger.exception("invitation mail to user %s failed", user.pk)

    transaction.on_commit(send)


def link_state(token: str) -> tuple[Invitation | None, str]:
    invitation = Invitation.objects.select_related("user").filter(token_hash=token_digest(token)).first()
    if invitation is None:
        return None, "unknown"
    if not invitation.user.is_active:
        return invitation, "inactive"
    return invitation, invitation.state


def refuse_link(token: str, state: str) -> None:
    """Audit a refused link (the token itself is never written)."""
    invitation, _ = link_state(token)
    user = invitation.user if invitation is not None else None
    audit.log_event(
        "accounts.user",
        str(user.pk) if user is not None else "",
        str(user) if user is not None else "-",
        ObjectChange.Action.REFUSE,
        {"reason": f"link_{state}"},
    )


@transaction.atomic
def accept_link(token: str, password: str) -> User:
    """Set the password through a one-time link. Locks the link row: a second use is refused."""
    invitation = (
        Invitation.objects.select_for_update().select_related("user").filter(token_hash=token_digest(token)).first()
    )
    if invitation is None:
        raise LinkRefused("unknown")
    user = invitation.user
    state = "inactive" if not user.is_active else invitation.state
    if state != "open":
        raise LinkRefused(state)
    validate_password(password, user)
    before = audit.snapshot(user)
    user.set_password(password)
    user.save(update_fields=["password"])
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    audit.log_change(user, ObjectChange.Action.ACTIVATE, before, user=user)
    return user


# --- the manager's actions ----------------------------------------------------------------


def _reselect(actor: User, target: User) -> User:
    """The target through the actor's scope, row locked; outside it the account does not exist."""
    found = manageable(actor).select_for_update().filter(pk=target.pk).first()
    if found is None:
        raise PermissionError("account outside the manager's scope")
    return found


@transaction.atomic
def invite(actor: User, spec: StaffSpec) -> User:
    if check_spec(actor, spec).errors:
        raise ValidationError(spec.errors)
    user = User(username=spec.username)
    _apply(user, spec)
    user.set_unusable_password()
    user.save()
    audit.log_change(user, ObjectChange.Action.INVITE, None)
    token = issue_link(user, Invitation.Purpose.INVITE, by=actor)
    _mail_link(user, token, Invitation.Purpose.INVITE)
    return user


@transaction.atomic
def invite_many(actor: User, specs: list[StaffSpec]) -> list[User]:
    """All or nothing: the caller checked every row; any failure here rolls every row back."""
    return [invite(actor, spec) for spec in specs]


@transaction.atomic
def update(actor: User, target: User, spec: StaffSpec) -> User:
    user = _reselect(actor, target)
    if check_spec(actor, spec, target=user).errors:
        raise ValidationError(spec.errors)
    before = audit.snapshot(user)
    _apply(user, spec)
    user.save()
    audit.log_change(user, ObjectChange.Action.UPDATE, before)
    return user


@transaction.atomic
def deactivate(actor: User, target: User) -> User:
    user = _reselect(actor, target)
    before = audit.snapshot(user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    Invitation.objects.filter(user=user, used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    ended = end_sessions(user)
    audit.log_change(
        user, ObjectChange.Action.DEACTIVATE, before, after={**audit.snapshot(user), "sessions_ended": ended}
    )
    return user


@transaction.atomic
def reactivate(actor: User, target: User) -> User:
    user = _reselect(actor, target)
    before = audit.snapshot(user)
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit.log_change(user, ObjectChange.Action.REACTIVATE, before)
    return user


@transaction.atomic
def send_reset(actor: User, target: User) -> User:
    """A one-time link to set a new password; the old password works until the link is used."""
    user = _reselect(actor, target)
    if not user.is_active:
        raise ValidationError(_("Akun ini nonaktif; aktifkan dulu."))
    purpose = Invitation.Purpose.RESET if user.has_usable_password() else Invitation.Purpose.INVITE
    token = issue_link(user, purpose, by=actor)
    audit.log_event(
        audit.object_type(user), str(user.pk), str(user), ObjectChange.Action.RESET_PASSWORD, {"purpose": purpose}
    )
    _mail_link(user, token, purpose)
    return user


@transaction.atomic
def reset_two_factor(actor: User, target: User) -> User:
    from netral.accounts import twofactor

    user = _reselect(actor, target)
    twofactor.reset(user, by=actor)
    end_sessions(user)
    return user


@transaction.atomic
def unlock(actor: User, target: User) -> User:
    from netral.accounts import lockout

    user = _reselect(actor, target)
    cleared = lockout.unlock(user.username)
    audit.log_event(audit.object_type(user), str(user.pk), str(user), ObjectChange.Action.UNLOCK, {"cleared": cleared})
    return user


# --- sessions -----------------------------------------------------------------------------


def _session_store() -> Any:
    return import_module(settings.SESSION_ENGINE).SessionStore


def live_sessions(user: User) -> list[SignInSession]:
    """The user's sign-ins whose session still exists (expired ones are dropped here)."""
    store = _session_store()
    rows = list(SignInSession.objects.filter(user=user))
    alive = [r for r in rows if store().exists(r.session_key)]
    dead = [r.pk for r in rows if r not in alive]
    if dead:
        SignInSession.objects.filter(pk__in=dead).delete()
    return alive


def end_sessions(user: User, *, keep: str | None = None) -> int:
    """Sign the user out everywhere (but `keep`, the current session). Returns how many ended."""
    store = _session_store()
    rows = SignInSession.objects.filter(user=user)
    if keep:
        rows = rows.exclude(session_key=keep)
    n = 0
    for row in list(rows):
        store(session_key=row.session_key).delete()
        row.delete()
        n += 1
    return n


@transaction.atomic
def end_other_sessions(user: User, current_key: str | None) -> int:
    n = end_sessions(user, keep=current_key)
    audit.log_event(audit.object_type(user), str(user.pk), str(user), ObjectChange.Action.SESSIONS_ENDED, {"ended": n})
    return n


def record_sign_in(user: User, session_key: str, ip: str | None, agent: str) -> None:
    SignInSession.objects.update_or_create(
        session_key=session_key,
        defaults={"user": user, "ip_address": ip or None, "user_agent": agent[:300], "last_seen": timezone.now()},
    )
