"""The session list with "sign out other sessions", password reset by e-mail, and bulk invitation
from a CSV (all rows checked first; one bad row saves nothing)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from netral.accounts.models import SignInSession, User
from netral.accounts.tests.helpers import client_for, head, sign_in
from netral.core.models import ObjectChange
from netral.testing import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_session_list_and_signing_out_the_other_sessions(cast: Any) -> None:
    laptop, phone = Client(HTTP_USER_AGENT="Laptop"), Client(HTTP_USER_AGENT="Ponsel")
    sign_in(laptop, cast.sup_a.username)
    sign_in(phone, cast.sup_a.username)
    page = laptop.get("/akun/saya/").content.decode()
    assert "Laptop" in page and "Ponsel" in page and "sesi ini" in page
    assert SignInSession.objects.filter(user=cast.sup_a).count() == 2
    assert laptop.post("/akun/saya/", {"action": "end_others"}).status_code == 302
    assert phone.get("/akun/saya/").status_code == 302  # signed out
    assert laptop.get("/akun/saya/").status_code == 200
    assert ObjectChange.objects.get(action="sessions_ended", object_id=str(cast.sup_a.pk)).postchange == {"ended": 1}


def test_signing_out_removes_the_session_from_the_list(cast: Any) -> None:
    c = Client()
    sign_in(c, cast.sup_a.username)
    c.post("/akun/keluar/")
    assert not SignInSession.objects.filter(user=cast.sup_a).exists()


def test_password_reset_by_e_mail(cast: Any) -> None:
    c = Client()
    assert c.post("/akun/sandi/lupa/", {"email": cast.sup_a.email}).status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+(/akun/sandi/atur/\S+/)", mail.outbox[0].body)
    assert link
    form = c.get(link.group(1), follow=True)
    target = form.redirect_chain[-1][0] if form.redirect_chain else link.group(1)
    new = "Teh-manis-sore-42"
    assert c.post(target, {"new_password1": new, "new_password2": new}).status_code == 302
    cast.sup_a.refresh_from_db()
    assert cast.sup_a.check_password(new)
    assert ObjectChange.objects.filter(action="reset_password", object_id=str(cast.sup_a.pk)).exists()
    # an unknown address says the same and sends nothing
    assert c.post("/akun/sandi/lupa/", {"email": "tidak@ada.example"}).status_code == 302
    assert len(mail.outbox) == 1


def _csv(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("staf.csv", text.encode("utf-8"), content_type="text/csv")


HEADER = "email,nama_depan,nama_belakang,peran,kode_wilayah,kode_instansi,kepala,nama_pengguna\n"


def test_bulk_invitation_from_a_csv(cast: Any, django_capture_on_commit_callbacks: Any) -> None:
    c = client_for(head(cast.sup_prov))
    rows = HEADER + (
        "ani@bawaslu.example,Ani,Satu,pengawas,32.79.01,,,\n"
        "budi@bawaslu.example,Budi,Dua,analis,32.14,,,\n"
        "c@bawaslu.example,Cici,Tiga,pengawas,32.14,,ya,\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post("/akun/staf/impor/", {"file": _csv(rows)})
    assert response.status_code == 302
    made = User.objects.filter(email__endswith="@bawaslu.example").order_by("email")
    assert [(u.username, u.region_code, u.role, u.is_head) for u in made] == [
        ("ani", "32.79.01", "supervisor", False),
        ("budi", "32.14", "analyst", False),
        ("c.petugas", "32.14", "supervisor", True),
    ]
    assert len(mail.outbox) == 3
    assert ObjectChange.objects.filter(action="invite").count() == 3


def test_one_bad_row_saves_nothing_and_names_every_problem(cast: Any, django_capture_on_commit_callbacks: Any) -> None:
    c = client_for(head(cast.sup_a))
    rows = HEADER + (
        "a@bawaslu.example,Ani,Satu,pengawas,32.79.01,,,\n"
        "b@bawaslu.example,Budi,Dua,pengawas,32.14,,,\n"  # Purwakarta: outside Kota Banjar
        "a@bawaslu.example,Ani,Lagi,pengawas,32.79,,,\n"  # the same e-mail twice
        "d@bawaslu.example,Dedi,Empat,penyihir,32.79,,,\n"  # no such role
        f"{cast.sup_b.email},X,Y,pengawas,32.79,,,\n"  # e-mail of an existing account
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post("/akun/staf/impor/", {"file": _csv(rows)})
    assert response.status_code == 200
    html = response.content.decode()
    assert "tidak ada akun yang dibuat" in html
    for line in ("<td>3</td>", "<td>4</td>", "<td>5</td>", "<td>6</td>"):
        assert line in html
    assert not User.objects.filter(email__endswith="@bawaslu.example").exists()
    assert not mail.outbox


def test_a_csv_that_is_not_text_is_refused(cast: Any) -> None:
    c = client_for(cast.admin)
    response = c.post("/akun/staf/impor/", {"file": SimpleUploadedFile("x.csv", b"\xff\xfe\x00bad", "text/csv")})
    assert response.status_code == 200 and "UTF-8" in response.content.decode()
    response = c.post("/akun/staf/impor/", {"file": _csv("nama,alamat\nx,y\n")})
    assert "kolom email dan peran" in response.content.decode()


def test_the_staff_list_shows_status_two_factor_and_last_sign_in(cast: Any) -> None:
    sign_in(Client(), cast.panwascam_a.username, PASSWORD)
    html = client_for(head(cast.sup_a)).get("/akun/staf/").content.decode()
    assert 'data-username="panwascam_banjar"' in html and 'data-username="analis_banjar"' in html
    assert 'data-username="sup_purwakarta"' not in html
