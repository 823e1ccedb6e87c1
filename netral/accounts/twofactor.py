"""Two-factor sign-in: who must use it, enrolling an authenticator app, checking a code.

Built on django-otp (``TOTPDevice`` with drift and replay refusal, per-device throttling,
``StaticDevice`` recovery codes). Each check locks the device row, so two requests carrying the
same code cannot both pass (a replayed code is refused even under concurrency).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import segno
from django.conf import settings
from django.db import transaction
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from netral.core import audit
from netral.core.models import ObjectChange

if TYPE_CHECKING:
    from netral.core.types import User

RECOVERY_CODES = 10
RECOVERY_DEVICE = "pemulihan"
APP_DEVICE = "aplikasi"


def required_for(user: Any) -> bool:
    """Whether this user must sign in with a second factor (settings: NETRAL_STAFF_2FA, _ROLES)."""
    if not settings.NETRAL_STAFF_2FA or not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or user.role in settings.NETRAL_2FA_ROLES)


def app_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def enrolled(user: User) -> bool:
    return app_device(user) is not None


def pending_device(user: User) -> TOTPDevice:
    """The unconfirmed device being enrolled (one per user, kept across page reloads)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE, confirmed=False)
    return device


def qr_svg(device: TOTPDevice) -> SafeString:
    """The otpauth:// link as an inline SVG (no image request, no script)."""
    svg = segno.make(device.config_url, error="m").svg_inline(scale=4, title=_("Kode QR aplikasi autentikator"))
    return mark_safe(svg)  # noqa: S308 - segno escapes its own output


def secret_text(device: TOTPDevice) -> str:
    """The key in base32, grouped by four, for typing into the app by hand."""
    from base64 import b32encode

    raw = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


@dataclass
class Check:
    ok: bool
    device: Any = None
    message: str = ""
    recovery_left: int | None = None


def _normalise(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def _replayed(device: TOTPDevice, token: int) -> bool:
    """The code was right for a time step that has already been used."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    now = time.time()
    for offset in range(-device.tolerance, device.tolerance + 1):
        totp.time = now + offset * device.step
        if totp.t() <= device.last_t and totp.token() == token:
            return True
    return False


def _throttled(device: Any) -> str:
    allowed, data = device.verify_is_allowed()
    if allowed:
        return ""
    return _("Terlalu banyak kode salah. Tunggu beberapa detik, lalu coba lagi.")


@transaction.atomic
def confirm_enrolment(user: User, code: str) -> tuple[Check, list[str]]:
    """Confirm the pending device with a code from the app; create fresh recovery codes."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        return Check(False, message=_("Pendaftaran tidak ditemukan; muat ulang halaman.")), []
    clean = _normalise(code)
    if not clean.isdigit():
        return Check(False, message=_("Masukkan 6 angka dari aplikasi autentikator.")), []
    wait = _throttled(device)
    if wait:
        return Check(False, message=wait), []
    if not device.verify_token(clean):
        return Check(
            False, message=_("Kode salah atau sudah kedaluwarsa. Periksa jam ponsel, lalu coba kode baru.")
        ), []
    before = {"two_factor": False}
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    audit.log_change(
        user, ObjectChange.Action.ENROL_2FA, before, after={"two_factor": True, "recovery_codes": len(codes)}
    )
    return Check(True, device=device), codes


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


@transaction.atomic
def regenerate_recovery_codes(user: User) -> list[str]:
    codes = _new_recovery_codes(user)
    audit.log_change(user, ObjectChange.Action.UPDATE, None, after={"recovery_codes": len(codes)})
    return codes


def recovery_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def verify(user: User, code: str) -> Check:
    """Check a sign-in code: 6 digits from the app, or one recovery code (used up)."""
    clean = _normalise(code)
    if not clean:
        return Check(False, message=_("Masukkan kode."))
    if clean.isdigit():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).order_by("pk").first()
        if device is None:
            return Check(False, message=_("Akun ini belum memasang aplikasi autentikator."))
        wait = _throttled(device)
        if wait:
            return Check(False, message=wait)
        token = int(clean)
        if device.verify_token(clean):
            return Check(True, device=device)
        if _replayed(device, token):
            audit.log_event(
                audit.object_type(user),
                str(user.pk),
                str(user),
                ObjectChange.Action.REFUSE,
                {"reason": "totp_replayed"},
            )
            return Check(False, message=_("Kode ini sudah dipakai. Tunggu kode berikutnya di aplikasi."))
        return Check(False, message=_("Kode salah atau sudah kedaluwarsa."))
    static = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
    if static is None:
        return Check(False, message=_("Kode salah."))
    wait = _throttled(static)
    if wait:
        return Check(False, message=wait)
    if not static.verify_token(clean):
        return Check(False, message=_("Kode pemulihan salah atau sudah dipakai."))
    left = recovery_left(user)
    audit.log_event(
        audit.object_type(user),
        str(user.pk),
        str(user),
        ObjectChange.Action.RECOVERY_USED,
        {"recovery_codes_left": left},
    )
    return Check(True, device=static, recovery_left=left)


@transaction.atomic
def reset(user: User, *, by: User) -> int:
    """Remove the account's devices (lost phone): the next sign-in enrols again."""
    n = TOTPDevice.objects.filter(user=user).delete()[0] + StaticDevice.objects.filter(user=user).delete()[0]
    audit.log_change(user, ObjectChange.Action.RESET_2FA, {"two_factor": True}, after={"two_factor": False}, user=by)
    return n
