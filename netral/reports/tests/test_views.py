"""Public form, receipt lookup, later additions, rate limits and CSRF over HTTP."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from netral.core.models import ObjectChange
from netral.regions.models import Region
from netral.reports.models import AdditionalInformation, Evidence, Report
from netral.reports.services import submit_report
from netral.reports.tests.conftest import png_bytes, post_data, report_data, upload

pytestmark = pytest.mark.django_db


def submit(client: Client, **overrides: Any) -> Any:
    files = overrides.pop("files", [])
    data = post_data(**overrides)
    if files:
        data["evidence"] = files
    return client.post(reverse("reports:public_create"), data)


def test_it_shows_the_public_form_without_an_account(client: Client, cast: object) -> None:
    response = client.get(reverse("reports:public_create"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="identity"' in body and "informasi awal" in body
    assert 'hx-post="/laporan/baru/periksa/"' in body


def test_it_submits_and_shows_the_receipt_once(client: Client, cast: object) -> None:
    response = submit(client, files=[upload("foto.png", png_bytes())])
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(response["Location"]).content.decode()
    code = re.search(r"NTR(-[0-9A-HJKMNP-TV-Z]{4}){4}", page)
    assert code is not None
    report = Report.objects.get()
    assert report.evidence.filter(kind="image").count() == 1
    # Shown once: the confirmation page does not show it again.
    again = client.get(reverse("reports:submitted"))
    assert code.group(0) not in again.content.decode()


def test_it_shows_field_errors_for_malformed_input(client: Client, cast: object) -> None:
    response = submit(client, reporter_nik="12345", subject_nip="1990", links_text="bukan tautan")
    assert response.status_code == 200
    body = response.content.decode()
    assert "NIK terdiri atas 16 angka" in body
    assert "NIP terdiri atas 18 angka" in body
    assert "Bukan tautan yang sah" in body
    assert Report.objects.count() == 0


def test_it_refuses_the_whole_submission_when_a_file_is_bad(client: Client, cast: object) -> None:
    html = upload("foto.jpg", b"<html><body>hi</body></html>", "image/jpeg")
    response = submit(client, files=[upload("ok.png", png_bytes()), html])
    assert response.status_code == 200
    assert "text/html" in response.content.decode()
    assert Report.objects.count() == 0 and Evidence.objects.count() == 0


def test_it_refuses_a_regency_outside_the_chosen_province(client: Client, cast: object) -> None:
    other = Region.objects.get(code="16.07")
    response = submit(client, region=str(other.pk))
    assert response.status_code == 200
    assert Report.objects.count() == 0


def test_it_enforces_csrf(cast: object) -> None:
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(reverse("reports:public_create"), post_data()).status_code == 403
    assert strict.post(reverse("reports:receipt_lookup"), {"code": "NTR-2222"}).status_code == 403
    assert Report.objects.count() == 0


def test_it_rate_limits_accepted_submissions_per_browser(client: Client, cast: object, settings: Any) -> None:
    settings.PUBLIC_REPORT_RATE = 2
    assert submit(client).status_code == 302
    assert submit(client).status_code == 302
    blocked = submit(client)
    assert blocked.status_code == 429
    body = blocked.content.decode()
    assert "Batas kiriman" in body and "Camat" in body  # what was typed is still there
    assert int(blocked["Retry-After"]) > 0
    assert Report.objects.count() == 2
    # Another phone behind the same address (carrier NAT) is not held by this one's quota.
    other = Client()
    assert submit(other).status_code == 302


def test_it_rate_limits_lookups(client: Client, cast: object, settings: Any) -> None:
    settings.RECEIPT_LOOKUP_RATE = 3
    url = reverse("reports:receipt_lookup")
    for _ in range(3):
        assert client.post(url, {"code": "NTR-2222-3333-4444-5555-6666"}).status_code == 200
    assert client.post(url, {"code": "NTR-2222-3333-4444-5555-6666"}).status_code == 429


def test_it_answers_unknown_and_malformed_codes_the_same(client: Client, cast: object) -> None:
    url = reverse("reports:receipt_lookup")
    unknown = client.post(url, {"code": "NTR-2222-3333-4444-5555-6666"}).content.decode()
    malformed = client.post(url, {"code": "<script>'; DROP"}).content.decode()
    empty = client.post(url, {"code": ""}).content.decode()

    def strip(body: str) -> str:
        body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)
        body = re.sub(r'"X-CSRFToken": "[^"]+"', "", body)
        return re.sub(r' value="[^"]*"', "", body)  # the echoed input differs, nothing else may

    assert strip(unknown) == strip(malformed) == strip(empty)
    assert "Kode tidak ditemukan" in unknown


def test_it_shows_status_not_personal_data_for_a_valid_code(client: Client, cast: object) -> None:
    report, code = submit_report(report_data())
    body = client.post(reverse("reports:receipt_lookup"), {"code": code.lower()}).content.decode()
    assert "Diterima" in body
    assert report.case is not None
    assert report.case.number in body
    assert "Apa selanjutnya" in body
    for secret in ("Siti Pelapor", "3279014107900001", "081234567890", "Mawar"):
        assert secret not in body


def test_it_lets_the_reporter_add_information_later(client: Client, cast: object, settings: Any) -> None:
    report, code = submit_report(report_data(links=[]))
    assert "evidence" in report.material_missing
    response = client.post(
        reverse("reports:add_information"),
        {"code": code, "text": "Ada saksi lain: dua orang guru.", "evidence": [upload("tambah.png", png_bytes())]},
    )
    assert response.status_code == 200
    assert "sudah tersimpan" in response.content.decode()
    addition = AdditionalInformation.objects.get(report=report)
    assert addition.text.startswith("Ada saksi")
    item = Evidence.objects.get(report=report)
    assert item.added_later
    report.refresh_from_db()
    assert "evidence" not in report.material_missing
    change = ObjectChange.objects.filter(
        object_type="reports.report", object_id=str(report.pk), action="update"
    ).first()
    assert change is not None and change.postchange is not None
    assert change.postchange["added_later"]["addition"] == addition.pk


def test_it_refuses_additions_with_an_unknown_code(client: Client, cast: object) -> None:
    response = client.post(
        reverse("reports:add_information"), {"code": "NTR-2222-3333-4444-5555-6666", "text": "tambahan"}
    )
    assert "Kode tidak ditemukan" in response.content.decode()
    assert AdditionalInformation.objects.count() == 0


def test_it_rechecks_requirements_live(client: Client, cast: object) -> None:
    response = client.post(reverse("reports:check"), post_data(identity="anonymous", links_text=""))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-code="reporter_anonymous"' in body
    assert 'data-code="evidence"' in body
    complete = client.post(reverse("reports:check"), post_data(evidence_count="1")).content.decode()
    assert 'data-requirements="complete"' in complete


def test_it_flags_lateness_live(client: Client, cast: object) -> None:
    import datetime

    old = (datetime.date.today() - datetime.timedelta(days=9)).isoformat()
    body = client.post(reverse("reports:check"), post_data(known_on=old, occurred_on=old)).content.decode()
    assert 'data-code="late"' in body
    assert "Batas melapor sudah lewat" in body


def test_it_lists_regencies_and_pairs_for_htmx(client: Client, cast: object) -> None:
    jabar = Region.objects.get(code="32")
    body = client.get(reverse("reports:region_options"), {"province": jabar.pk}).content.decode()
    assert "Kota Banjar" in body or "BANJAR" in body.upper()
    # a malformed id: 400 with the reason (docs/reports.md), never a 500
    assert client.get(reverse("reports:region_options"), {"province": "x"}).status_code == 400
    assert client.get(reverse("reports:pair_options"), {"region": "abc"}).status_code == 400
