"""A civil servant signs the pledge on the public page and downloads the PDF certificate."""

from __future__ import annotations

from pathlib import Path

import pytest

from netral.prevention.models import PledgeSignature
from netral.prevention.tests.helpers import make_asn, national_text, nip
from netral.testing import make_agency


@pytest.mark.browser
def test_it_signs_a_pledge_and_downloads_the_certificate(page, live_server, artifacts_dir):
    agency = make_agency("pemkot-banjar", "32.79", "Pemerintah Kota Banjar")
    national_text()
    asn = make_asn(agency, name="Rina Maulana", identifier=nip("19910314", "201603", "2", 11))

    page.goto(f"{live_server.url}/pencegahan/ikrar/")
    page.fill("input[name=identifier]", "19910314 201603 2 011")
    page.fill("input[name=birth_date]", "1991-03-14")
    page.click("button[type=submit]")
    page.wait_for_selector("text=Menjaga netralitas")
    assert "Rina Maulana" in page.content()
    page.check("input[name=agree]")
    page.click("button:has-text('Tanda tangani')")
    page.wait_for_selector("#signature-hash")

    signature = PledgeSignature.objects.get(asn=asn)
    assert page.inner_text("#signature-hash").strip() == signature.signature_hash
    page.screenshot(path=str(artifacts_dir / "pledge-signed.png"), full_page=True)

    with page.expect_download() as info:
        page.click("#download-certificate")
    download = info.value
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"%PDF")
    assert download.suggested_filename.endswith(".pdf")
