"""In headless Chromium, with two-factor sign-in on as in production: a head of Bawaslu Kota
Banjar signs in with a code, invites a Panwascam officer; the officer opens the mailed link, sets
a password, enrols an authenticator app, keeps the recovery codes, signs out and signs in again
with password and code; a replayed code is refused."""

from __future__ import annotations

import re
import time
from base64 import b32decode
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django_otp.oath import TOTP

from netral.accounts import twofactor
from netral.accounts.models import User
from netral.regions.models import Region
from netral.testing import PASSWORD

NEW_PASSWORD = "Nasi-uduk-betawi-31"


def code_from_secret(secret: str, steps_ahead: int = 0) -> str:
    raw = secret.replace(" ", "")
    key = b32decode(raw + "=" * (-len(raw) % 8))
    totp = TOTP(key)
    totp.time = time.time() + steps_ahead * 30
    return f"{totp.token():06d}"


def enrolled_code(user: User, steps_ahead: int = 0) -> str:
    device = twofactor.app_device(user)
    assert device is not None
    return code_from_secret(twofactor.secret_text(device), steps_ahead)


def sign_in(page: Any, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/akun/masuk/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()


@pytest.mark.browser
def test_invitation_enrolment_and_sign_in(
    page: Any, browser: Any, live_server: Any, cast: Any, settings: Any, artifacts_dir: Path
) -> None:
    settings.NETRAL_STAFF_2FA = True
    boss = cast.sup_a
    boss.is_head = True
    boss.first_name, boss.last_name = "Euis", "Suryani"
    boss.save()
    device = twofactor.pending_device(boss)
    assert twofactor.confirm_enrolment(boss, code_from_secret(twofactor.secret_text(device)))[0].ok

    # The head signs in: password, then a code from the app.
    sign_in(page, live_server.url, boss.username, PASSWORD)
    assert page.url.endswith("/akun/masuk/kode/")
    page.fill("input[name=code]", enrolled_code(boss, 1))
    page.click("#verify-form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/perkara/antrean/")

    # ... and invites a Panwascam officer of their own city.
    page.goto(f"{live_server.url}/akun/staf/undang/")
    assert page.locator("#id_region option").count() == 1  # Kota Banjar only: the scoped list
    page.fill("#id_email", "siti.panwascam@bawaslu.example")
    page.fill("#id_first_name", "Siti")
    page.fill("#id_last_name", "Rahmawati")
    kecamatan = Region.objects.get(code="32.79.01")
    page.select_option("#id_kecamatan", value=str(kecamatan.pk))
    page.screenshot(path=str(artifacts_dir / "staff-invite.png"), full_page=True)
    page.click("#staff-form button[type=submit]")
    page.wait_for_selector("#staff-summary")
    assert "menunggu aktivasi" in page.text_content("#staff-status")
    page.goto(f"{live_server.url}/akun/staf/")
    page.wait_for_selector("tr[data-username='siti.panwascam']")
    page.screenshot(path=str(artifacts_dir / "staff-list.png"), full_page=True)

    link = re.search(r"https?://\S+(/akun/undangan/[\w-]+/)", mail.outbox[-1].body)
    assert link is not None
    officer_context = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 900})
    officer = officer_context.new_page()
    officer.goto(f"{live_server.url}{link.group(1)}")
    officer.fill("#id_new_password1", NEW_PASSWORD)
    officer.fill("#id_new_password2", NEW_PASSWORD)
    officer.click("#invitation-form button[type=submit]")

    # Enrolment: QR and key, then a code from the app.
    officer.wait_for_selector("#totp-qr svg")
    officer.screenshot(path=str(artifacts_dir / "two-factor-enrol.png"), full_page=True)
    secret = officer.text_content("#totp-secret") or ""
    officer.fill("#enrol-form input[name=code]", code_from_secret(secret))
    officer.click("#enrol-form button[type=submit]")
    officer.wait_for_selector("#recovery-codes")
    assert officer.locator("#recovery-codes li").count() == 10
    officer.click("text=Sudah saya simpan, lanjutkan")
    officer.wait_for_url(f"{live_server.url}/perkara/antrean/")

    # The link cannot be used again.
    officer_context.clear_cookies()
    officer.goto(f"{live_server.url}{link.group(1)}")
    assert "sudah dipakai" in (officer.text_content("#link-refused") or "")

    # Sign in again: password, then a fresh code; the same code a second time is refused.
    sign_in(officer, live_server.url, "siti.panwascam", NEW_PASSWORD)
    code = code_from_secret(secret, 1)
    officer.fill("input[name=code]", code)
    officer.click("#verify-form button[type=submit]")
    officer.wait_for_url(f"{live_server.url}/perkara/antrean/")
    officer_context.clear_cookies()
    sign_in(officer, live_server.url, "siti.panwascam", NEW_PASSWORD)
    officer.fill("input[name=code]", code)
    officer.click("#verify-form button[type=submit]")
    officer.wait_for_load_state()
    assert "sudah dipakai" in officer.content()
    officer_context.close()

    # The head sees the officer active, with 2FA and a last sign-in.
    page.goto(f"{live_server.url}/akun/staf/")
    row = page.locator("tr[data-username='siti.panwascam']")
    assert "aktif" in row.inner_text() and "ya" in row.inner_text()
    user = User.objects.get(username="siti.panwascam")
    page.goto(f"{live_server.url}/akun/staf/{user.pk}/")
    page.wait_for_selector("#riwayat")
    page.screenshot(path=str(artifacts_dir / "staff-detail.png"), full_page=True)
    assert "diundang" in page.text_content("#riwayat")


@pytest.mark.browser
def test_the_election_calendar_page(page: Any, live_server: Any, cast: Any, artifacts_dir: Path) -> None:
    page.goto(f"{live_server.url}/pemilihan/pemilu2029/")
    page.wait_for_selector("svg.gantt")
    assert page.locator("svg.gantt g.stage.vulnerable").count() >= 1
    page.screenshot(path=str(artifacts_dir / "election-calendar.png"), full_page=True)
