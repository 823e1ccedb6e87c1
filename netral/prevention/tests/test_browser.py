"""A PPK officer issues a signing code; a civil servant signs the pledge on the public page with it
and downloads the PDF certificate."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import login
from netral.prevention.models import PledgeSignature, SigningCode
from netral.prevention.tests.helpers import make_asn, national_text, nip


@pytest.mark.browser
def test_it_signs_a_pledge_and_downloads_the_certificate(cast, page, live_server, artifacts_dir):
    text = national_text()
    asn = make_asn(cast.agency_a, name="Rina Maulana", identifier=nip("19910314", "201603", "2", 11))

    # The officer issues the campaign's code and reads it off the page (shown once).
    login(page, live_server, cast.ppk_a.username)
    page.goto(f"{live_server.url}/pencegahan/kode-penandatanganan/")
    page.select_option("select[name=text]", str(text.pk))
    page.fill("input[name=label]", "Apel Senin")
    page.click("button:has-text('Terbitkan kode')")
    page.wait_for_selector("#plain-code")
    plain = page.inner_text("#plain-code").strip()
    assert len(plain) == 9
    page.screenshot(path=str(artifacts_dir / "signing-code-issued.png"), full_page=True)
    page.context.clear_cookies()

    page.goto(f"{live_server.url}/pencegahan/ikrar/")
    page.fill("input[name=identifier]", "19910314 201603 2 011")
    page.fill("input[name=birth_date]", "1991-03-14")
    page.fill("input[name=signing_code]", "ABCD-EFGH" if plain != "ABCD-EFGH" else "HGFE-DCBA")
    page.click("button[type=submit]")
    page.wait_for_selector("text=tidak cocok")
    assert not PledgeSignature.objects.exists()
    page.screenshot(path=str(artifacts_dir / "pledge-code-refused.png"), full_page=True)
    page.fill("input[name=signing_code]", plain.lower())
    page.click("button[type=submit]")
    page.wait_for_selector("text=Menjaga netralitas")
    assert "Rina Maulana" in page.content()
    page.check("input[name=agree]")
    page.click("button:has-text('Tanda tangani')")
    page.wait_for_selector("#signature-hash")

    signature = PledgeSignature.objects.get(asn=asn)
    assert signature.signing_code == SigningCode.objects.get()
    assert page.inner_text("#signature-hash").strip() == signature.signature_hash
    page.screenshot(path=str(artifacts_dir / "pledge-signed.png"), full_page=True)

    with page.expect_download() as info:
        page.click("#download-certificate")
    download = info.value
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"%PDF")
    assert download.suggested_filename.endswith(".pdf")
