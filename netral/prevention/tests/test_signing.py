"""Public signing: NIP + the birth date it encodes + the agency's signing code, one signature per
version, certificate, hash."""

from __future__ import annotations

import shutil
import subprocess
import tempfile

import pytest
from django.urls import reverse

from netral.prevention import services
from netral.prevention.models import PledgeSignature
from netral.prevention.tests.helpers import issue_code, make_asn, national_text, nip, pilkada

pytestmark = pytest.mark.django_db


def identify(client, identifier: str, birth_date: str, code: str = "", kind: str = "ikrar"):
    return client.post(
        reverse("prevention:sign"),
        {"step": "identify", "identifier": identifier, "birth_date": birth_date, "signing_code": code, "kind": kind},
    )


def banjar_code(cast, text=None):
    """A code of agency A (Kota Banjar) for `text` (the national pledge v1 by default): (row, plain)."""
    return issue_code(cast.ppk_a, cast.agency_a, text or national_text())


def agree(client, response):
    token = response.context["form"].initial["token"]
    return client.post(reverse("prevention:sign"), {"step": "agree", "token": token, "agree": "on"})


def test_it_signs_with_a_valid_nip_and_matching_birth_date(cast, client):
    text = national_text()
    code, plain = banjar_code(cast, text)
    asn = make_asn(cast.agency_a, name="Dewi Kartika", identifier=nip("19860926", "201505", "2", 1))
    step1 = identify(client, "19860926 201505 2 001", "1986-09-26", plain.lower())
    assert step1.status_code == 200
    assert "Dewi Kartika" in step1.content.decode()
    assert "Menjaga netralitas" in step1.content.decode()
    step2 = agree(client, step1)
    signature = PledgeSignature.objects.get(asn=asn)
    assert step2.status_code == 302
    assert step2["Location"] == reverse("prevention:signed", args=[signature.token])
    assert signature.text == text
    assert signature.election == pilkada()
    assert signature.text_sha256 == text.sha256
    assert signature.agency == cast.agency_a
    assert signature.signing_code == code
    assert signature.signature_hash == services.signature_hash(asn.identifier, text.sha256, signature.signed_at)
    page = client.get(step2["Location"]).content.decode()
    assert signature.signature_hash in page
    assert "1986**** ****** 2 001" in page
    assert asn.identifier not in page
    assert f"kode penandatanganan instansi no. {code.pk}" in page
    assert plain not in page


def test_it_accepts_the_indonesian_date_format(cast, client):
    _, plain = banjar_code(cast)
    make_asn(cast.agency_a, identifier=nip("19900105", "201503", "1", 7))
    response = identify(client, "199001052015031007", "05/01/1990", services.format_code(plain))
    assert response.status_code == 200
    assert "token" in response.context["form"].initial


def test_it_refuses_a_wrong_birth_date(cast, client):
    _, plain = banjar_code(cast)
    make_asn(cast.agency_a, identifier=nip("19860926", "201505", "1", 2))
    response = identify(client, "198609262015051002", "1986-09-27", plain)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "birth_date" in errors
    assert "Tanggal lahir tidak sesuai" in errors["birth_date"][0]
    assert not PledgeSignature.objects.exists()


def test_it_refuses_an_unknown_nip_without_saying_so(cast, client):
    code, plain = banjar_code(cast)
    response = identify(client, "198609262015051099", "1986-09-26", plain)
    errors = response.context["form"].errors
    assert list(errors) == ["signing_code"]
    assert "tidak cocok" in errors["signing_code"][0]
    assert "tidak terdaftar" not in response.content.decode()
    code.refresh_from_db()
    assert code.failures == 1


def test_it_refuses_an_inactive_asn(cast, client):
    _, plain = banjar_code(cast)
    make_asn(cast.agency_a, identifier=nip("19860926", "201505", "1", 3), active=False)
    response = identify(client, "198609262015051003", "1986-09-26", plain)
    assert "tidak cocok" in response.context["form"].errors["signing_code"][0]
    assert not PledgeSignature.objects.exists()


def test_it_says_unknown_nip_when_codes_are_not_required(cast, client, settings):
    settings.PLEDGE_REQUIRE_CODE = False
    national_text()
    response = identify(client, "198609262015051099", "1986-09-26")
    assert "tidak terdaftar" in response.context["form"].errors["identifier"][0]


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("12345", "harus 18 digit"),
        ("19860926201505100A", "hanya boleh berisi angka"),
        ("198613262015051001", "bukan tanggal yang ada"),
        ("198609262015053001", "harus 1 atau 2"),
    ],
)
def test_it_refuses_a_malformed_nip_with_a_clear_message(cast, client, value, fragment):
    _, plain = banjar_code(cast)
    response = identify(client, value, "1986-09-26", plain)
    assert fragment in response.context["form"].errors["identifier"][0]


def test_it_keeps_one_signature_per_text_version(cast, client):
    _, plain = banjar_code(cast)
    asn = make_asn(cast.agency_a, identifier=nip("19800101", "200503", "1", 4))
    first = agree(client, identify(client, asn.identifier, "1980-01-01", plain))
    again = identify(client, asn.identifier, "1980-01-01", plain)
    signature = PledgeSignature.objects.get(asn=asn)
    assert again.status_code == 302
    assert again["Location"] == first["Location"] == reverse("prevention:signed", args=[signature.token])
    # The service itself refuses a second row too (double submit).
    same, created = services.sign_pledge(asn, signature.text, election=signature.election)
    assert (same.pk, created) == (signature.pk, False)
    assert PledgeSignature.objects.count() == 1


def test_it_asks_for_a_new_signature_when_a_new_version_is_published(cast, client):
    _, old = banjar_code(cast)
    asn = make_asn(cast.agency_a, identifier=nip("19800101", "200503", "1", 5))
    agree(client, identify(client, asn.identifier, "1980-01-01", old))
    v2 = national_text(version=2, body="Naskah versi kedua: kami menjaga netralitas ASN.")
    # The code of version 1 no longer authorises: the officer issues one for version 2.
    refused = identify(client, asn.identifier, "1980-01-01", old)
    assert "sudah tidak berlaku" in refused.context["form"].errors["signing_code"][0]
    _, new = issue_code(cast.ppk_a, cast.agency_a, v2)
    step1 = identify(client, asn.identifier, "1980-01-01", new)
    assert step1.status_code == 200
    agree(client, step1)
    assert list(PledgeSignature.objects.filter(asn=asn).order_by("text__version").values_list("text", flat=True)) == [
        v2.pk - 1,
        v2.pk,
    ]


def test_it_uses_the_agency_text_over_the_national_one(cast, client):
    national_text()
    own = national_text(version=1, agency=cast.agency_a, title="Ikrar ASN Kota Banjar", body="Naskah khusus Banjar.")
    _, plain = issue_code(cast.ppk_a, cast.agency_a, own)
    asn = make_asn(cast.agency_a, identifier=nip("19800101", "200503", "1", 6))
    step1 = identify(client, asn.identifier, "1980-01-01", plain)
    assert step1.context["text"] == own


def test_it_refuses_agreement_without_the_tick(cast, client):
    _, plain = banjar_code(cast)
    asn = make_asn(cast.agency_a, identifier=nip("19800101", "200503", "1", 8))
    step1 = identify(client, asn.identifier, "1980-01-01", plain)
    token = step1.context["form"].initial["token"]
    response = client.post(reverse("prevention:sign"), {"step": "agree", "token": token})
    assert response.status_code == 200
    assert "Centang pernyataan" in response.context["form"].errors["agree"][0]
    assert not PledgeSignature.objects.exists()


def test_it_refuses_a_forged_step_token(cast, client):
    national_text()
    response = client.post(reverse("prevention:sign"), {"step": "agree", "token": "x:y:z", "agree": "on"})
    assert response.status_code == 302
    assert not PledgeSignature.objects.exists()


def test_it_rate_limits_identification(cast, client, settings):
    settings.PLEDGE_SIGN_RATE = 2
    code, plain = banjar_code(cast)
    asn = make_asn(cast.agency_a, identifier=nip("19860926", "201505", "1", 12))
    for _ in range(2):
        assert identify(client, "198609262015051099", "1986-09-26", "ABCD-EFGH").status_code == 200
    # Over the limit even the right code is not looked at.
    assert identify(client, asn.identifier, "1986-09-26", plain).status_code == 429
    assert not PledgeSignature.objects.exists()


def _signed(cast, name="Budi Santoso", serial=9):
    text = national_text()
    asn = make_asn(cast.agency_a, name=name, identifier=nip("19750317", "200003", "1", serial))
    signature, _ = services.sign_pledge(asn, text, election=pilkada())
    return signature


def test_it_serves_a_real_pdf_certificate(cast, client):
    signature = _signed(cast)
    response = client.get(reverse("prevention:certificate", args=[signature.token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
            fh.write(pdf)
            fh.flush()
            text = subprocess.run(["pdftotext", fh.name, "-"], capture_output=True, check=True, text=True).stdout  # noqa: S603, S607
        assert "Budi Santoso" in text
        assert signature.signature_hash[:16] in text.replace("\n", "")
        assert "1975****" in text
        assert signature.asn.identifier not in text
    else:
        assert len(pdf) > 5000


def test_it_hides_the_certificate_without_the_token(cast, client):
    _signed(cast)
    assert client.get(reverse("prevention:certificate", args=["a" * 43])).status_code == 404
    assert client.get(reverse("prevention:signed", args=["short"])).status_code == 404


def test_it_verifies_a_hash(cast, client):
    signature = _signed(cast)
    assert services.verify_signature(signature.signature_hash) == signature
    page = client.get(reverse("prevention:verify_hash", args=[signature.signature_hash])).content.decode()
    assert "Sah." in page
    assert "Budi Santoso" in page
    assert cast.agency_a.name in page
    assert signature.asn.identifier not in page
    assert "1975" not in page  # nothing of the NIP/birth date


def test_it_rejects_a_tampered_or_unknown_hash(cast, client, settings):
    signature = _signed(cast)
    flipped = ("0" if signature.signature_hash[0] != "0" else "1") + signature.signature_hash[1:]
    assert services.verify_signature(flipped) is None
    assert services.verify_signature("nonsense") is None
    page = client.get(reverse("prevention:verify"), {"hash": flipped}).content.decode()
    assert "Tidak sah" in page
    # A stored hash that no longer recomputes (pepper changed, row edited) is not valid either.
    settings.PLEDGE_HASH_PEPPER = "another-pepper"
    assert services.verify_signature(signature.signature_hash) is None
