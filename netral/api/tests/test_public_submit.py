"""The public report endpoint: same checks as the web form, receipt code back, throttled."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image
from rest_framework.test import APIClient

from netral.cases.models import Case
from netral.reports import services
from netral.reports.models import Evidence, Report

pytestmark = pytest.mark.django_db
URL = "/api/v1/public/reports/"


def png() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (20, 16), (10, 120, 30)).save(out, format="PNG")
    return SimpleUploadedFile("bukti.png", out.getvalue(), content_type="image/png")


def valid(**over: object) -> dict[str, object]:
    today = timezone.localdate()
    data: dict[str, object] = {
        "subject_kind": "asn",
        "subject_name": "Siti Contoh",
        "subject_position": "Camat",
        "subject_agency": "pemkot-banjar",
        "description": "Camat mengunggah foto bersama pasangan calon dengan pose dua jari di akun media sosialnya.",
        "occurred_on": (today - datetime.timedelta(days=2)).isoformat(),
        "known_on": (today - datetime.timedelta(days=1)).isoformat(),
        "region": "32.79",
        "place": "Kecamatan Banjar",
        "identity": "named",
        "reporter_name": "Warga Pelapor",
        "reporter_address": "Jl. Contoh No. 1, Banjar",
        "reporter_phone": "081234567890",
        "links": ["https://contoh.example.test/unggahan/1"],
    }
    data.update(over)
    return data


def test_it_files_a_report_and_returns_the_receipt_code(cast):
    response = APIClient().post(URL, valid(), format="json")
    assert response.status_code == 201, response.json()
    code = response.json()["receipt_code"]
    report = services.find_by_receipt(code)
    assert report.region.code == "32.79"
    assert report.subject_agency == cast.agency_a
    assert report.case is not None
    assert report.reporter_name == "Warga Pelapor"
    assert report.case_id is not None
    assert Case.objects.filter(pk=report.case_id, status="received").exists()


def test_it_accepts_evidence_files_as_multipart(cast):
    data = valid()
    data["evidence"] = [png()]
    response = APIClient().post(URL, data, format="multipart")
    assert response.status_code == 201, response.json()
    report = services.find_by_receipt(response.json()["receipt_code"])
    assert Evidence.objects.filter(report=report, kind="image").count() == 1


def test_it_answers_field_errors_from_the_form(cast):
    data = valid(subject_nip="123", reporter_nik="12", description="", region="99.99")
    response = APIClient().post(URL, data, format="json")
    assert response.status_code == 400
    assert set(response.json()) >= {"region"}
    response = APIClient().post(URL, valid(subject_nip="123", reporter_nik="12", description=""), format="json")
    assert response.status_code == 400
    body = response.json()
    assert {"subject_nip", "reporter_nik", "description"} <= set(body)
    assert "18 angka" in body["subject_nip"][0]
    assert Report.objects.count() == 0


def test_it_refuses_a_future_date_and_bad_links(cast):
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = APIClient().post(URL, valid(occurred_on=future, links=["ftp://x.test/a"]), format="json")
    assert response.status_code == 400
    assert {"occurred_on", "links"} <= set(response.json())


def test_it_refuses_a_file_that_is_not_evidence(cast):
    data = valid()
    data["evidence"] = [SimpleUploadedFile("skrip.png", b"#!/bin/sh\necho hai\n", content_type="image/png")]
    response = APIClient().post(URL, data, format="multipart")
    assert response.status_code == 400
    assert "evidence" in response.json()
    assert Report.objects.count() == 0


def test_it_refuses_wrongly_typed_values(cast):
    response = APIClient().post(URL, valid(region=["32.79"], subject_name={"a": 1}), format="json")
    assert response.status_code == 400
    response = APIClient().post(URL, [1, 2], format="json")
    assert response.status_code == 400


def test_it_throttles_per_client(cast, settings):
    rates = dict(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], public_report="3/hour")
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    client = APIClient()
    for _ in range(3):
        assert client.post(URL, {"description": ""}, format="json").status_code == 400
    response = client.post(URL, valid(), format="json")
    assert response.status_code == 429
    assert "Retry-After" in response
    other = APIClient(REMOTE_ADDR="10.1.2.3")
    assert other.post(URL, valid(), format="json").status_code == 201
