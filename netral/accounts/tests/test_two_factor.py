"""Two-factor sign-in as production has it (NETRAL_STAFF_2FA on) and as the demo has it (off)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from typing import Any

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from netral.accounts import twofactor
from netral.accounts.tests.helpers import sign_in
from netral.core.models import ObjectChange

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_factor(settings: Any) -> None:
    settings.NETRAL_STAFF_2FA = True


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def enrol(user: Any) -> tuple[TOTPDevice, list[str]]:
    device = twofactor.pending_device(user)
    check, codes = twofactor.confirm_enrolment(user, code_for(device))
    assert check.ok
    device.refresh_from_db()
    return device, codes


def test_an_enrolled_officer_gives_a_code_before_being_signed_in(cast: Any, two_factor: None) -> None:
    device, _codes = enrol(cast.sup_a)
    c = Client()
    response = sign_in(c, cast.sup_a.username)
    assert response.status_code == 302 and response["Location"] == "/akun/masuk/kode/"
    assert c.get("/perkara/antrean/").status_code == 302  # not signed in yet
    response = c.post("/akun/masuk/kode/", {"code": code_for(device, 1)})
    assert response.status_code == 302 and response["Location"] == "/perkara/antrean/"
    assert c.get("/perkara/antrean/").status_code == 200


def test_a_replayed_code_is_refused_with_a_clear_message_and_audited(cast: Any, two_factor: None) -> None:
    device, _codes = enrol(cast.sup_a)
    code = code_for(device, 1)
    first = Client()
    sign_in(first, cast.sup_a.username)
    assert first.post("/akun/masuk/kode/", {"code": code}).status_code == 302
    second = Client()
    sign_in(second, cast.sup_a.username)
    response = second.post("/akun/masuk/kode/", {"code": code})
    assert response.status_code == 200
    assert "sudah dipakai" in response.content.decode()
    assert second.get("/perkara/antrean/").status_code == 302
    refusal = ObjectChange.objects.get(object_id=str(cast.sup_a.pk), action="refuse")
    assert refusal.postchange == {"reason": "totp_replayed"}


def test_a_wrong_code_is_refused_and_counts_toward_the_lockout(cast: Any, two_factor: None, settings: Any) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    enrol(cast.sup_a)
    c = Client()
    sign_in(c, cast.sup_a.username)
    statuses = [c.post("/akun/masuk/kode/", {"code": "000000"}).status_code for _ in range(settings.AXES_FAILURE_LIMIT)]
    assert statuses[:-1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert statuses[-1] == 429


def test_a_recovery_code_works_once(cast: Any, two_factor: None) -> None:
    _device, codes = enrol(cast.sup_a)
    assert len(codes) == 10
    c = Client()
    sign_in(c, cast.sup_a.username)
    assert c.post("/akun/masuk/kode/", {"code": codes[0].upper()}).status_code == 302
    assert ObjectChange.objects.filter(object_id=str(cast.sup_a.pk), action="recovery_used").exists()
    again = Client()
    sign_in(again, cast.sup_a.username)
    response = again.post("/akun/masuk/kode/", {"code": codes[0]})
    assert response.status_code == 200 and "sudah dipakai" in response.content.decode()
    assert twofactor.recovery_left(cast.sup_a) == 9


def test_staff_without_an_app_enrol_before_reaching_anything(cast: Any, two_factor: None) -> None:
    c = Client()
    response = sign_in(c, cast.ppk_a.username)
    assert response["Location"].startswith("/akun/2fa/")
    blocked = c.get("/perkara/antrean/")
    assert blocked.status_code == 302 and blocked["Location"].startswith("/akun/2fa/")
    assert c.get("/api/v1/cases/").status_code == 403
    page = c.get("/akun/2fa/").content.decode()
    assert "<svg" in page and 'id="totp-secret"' in page
    device = TOTPDevice.objects.get(user=cast.ppk_a, confirmed=False)
    response = c.post("/akun/2fa/", {"action": "confirm", "code": code_for(device)})
    assert response.status_code == 302 and response["Location"].startswith("/akun/2fa/kode-pemulihan/")
    codes_page = c.get(response["Location"]).content.decode()
    assert codes_page.count("<li>") == 10
    assert c.get("/perkara/antrean/").status_code == 200
    assert ObjectChange.objects.filter(object_id=str(cast.ppk_a.pk), action="enrol_2fa").exists()
    # the codes are shown once
    assert c.get("/akun/2fa/kode-pemulihan/").status_code == 302


def test_a_session_that_skipped_the_code_is_held_at_the_code_step(cast: Any, two_factor: None) -> None:
    enrol(cast.sup_a)
    c = Client()
    c.force_login(cast.sup_a)  # e.g. a session from before 2FA was switched on
    response = c.get("/perkara/antrean/")
    assert response.status_code == 302 and response["Location"].startswith("/akun/masuk/kode/")


def test_the_demo_setting_signs_in_with_the_password_alone(cast: Any, settings: Any) -> None:
    settings.NETRAL_STAFF_2FA = False
    enrol(cast.sup_a)
    c = Client()
    response = sign_in(c, cast.sup_a.username)
    assert response.status_code == 302 and response["Location"] == "/perkara/antrean/"
    assert c.get("/perkara/antrean/").status_code == 200


@pytest.mark.parametrize(
    ("who", "landing"),
    [
        ("sup_a", "/perkara/antrean/"),
        ("analyst_a", "/pemantauan/"),
        ("admin", "/statistik/"),
        ("ppk_a", "/perkara/antrean/"),
    ],
)
def test_sign_in_lands_on_the_roles_own_workspace(cast: Any, who: str, landing: str) -> None:
    response = sign_in(Client(), getattr(cast, who).username)
    assert response.status_code == 302 and response["Location"] == landing
    c = Client()
    c.force_login(getattr(cast, who))
    assert c.get("/akun/ruang-kerja/")["Location"] == landing


def test_production_refuses_to_start_with_two_factor_off() -> None:
    env = {
        **os.environ,
        "NETRAL_ENV": "production",
        "NETRAL_STAFF_2FA": "off",
        "SECRET_KEY": "x" * 60,
        "FIELD_ENCRYPTION_KEYS": "ZGV2LW9ubHktZmllbGQta2V5LW5vdC1mb3ItcHJvZC0=",
        "BLIND_INDEX_KEY": "k",
        "DJANGO_SETTINGS_MODULE": "netral.settings",
    }
    probe = "import django; django.setup()"
    refused = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=False)  # noqa: S603
    assert refused.returncode != 0 and "NETRAL_STAFF_2FA" in refused.stderr
    env["NETRAL_STAFF_2FA"] = "on"
    started = subprocess.run(  # noqa: S603
        [sys.executable, "-c", probe + "; from django.conf import settings; print(settings.NETRAL_STAFF_2FA)"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert started.returncode == 0 and started.stdout.strip() == "True", started.stderr
