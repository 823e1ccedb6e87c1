"""Fixtures for the reports tests: small real files and a valid public form payload."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from netral.regions.models import Region


def png_bytes(size: tuple[int, int] = (32, 24), color: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="PNG")
    return out.getvalue()


def jpeg_with_gps() -> bytes:
    """A JPEG carrying EXIF with a GPS block and a camera model, as a phone would write it."""
    img = Image.new("RGB", (64, 48), (10, 120, 200))
    exif = Image.Exif()
    exif[0x0110] = "NetralPhone X"  # Model
    exif[0x010F] = "NetralCam"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1] = "S"
    gps[2] = (7.0, 22.0, 10.5)
    gps[3] = "E"
    gps[4] = (108.0, 32.0, 5.0)
    out = io.BytesIO()
    img.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def upload(name: str, data: bytes, content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def report_data(**overrides: Any) -> dict[str, Any]:
    """cleaned_data for submit_report: a complete, on-time, named report in Kota Banjar."""
    banjar = Region.objects.get(code="32.79")
    today = datetime.date.today()
    data: dict[str, Any] = {
        "subject_kind": "asn",
        "subject_name": "Drs. Bambang Contoh",
        "subject_position": "Camat Banjar",
        "subject_agency": None,
        "subject_agency_name": "Pemerintah Kota Banjar",
        "subject_address": "",
        "subject_nip": "",
        "description": "Camat mengunggah ajakan memilih pasangan calon nomor 1 di akun Facebook pribadinya.",
        "occurred_on": today - datetime.timedelta(days=2),
        "known_on": today - datetime.timedelta(days=1),
        "region": banjar,
        "province": banjar.parent,
        "place": "Akun Facebook pribadi, Kecamatan Banjar",
        "election": None,
        "candidate_pair": None,
        "links": ["https://facebook.example/posts/1"],
        "identity": "named",
        "reporter_name": "Siti Pelapor",
        "reporter_address": "Jl. Mawar 3, Banjar",
        "reporter_nik": "3279014107900001",
        "reporter_phone": "081234567890",
        "reporter_email": "siti@example.test",
        "reporter_category": "pemilih",
    }
    data.update(overrides)
    return data


def post_data(**overrides: Any) -> dict[str, Any]:
    """What the browser posts for the same report (ids and strings)."""
    banjar = Region.objects.get(code="32.79")
    today = datetime.date.today()
    data: dict[str, Any] = {
        "subject_kind": "asn",
        "subject_name": "Drs. Bambang Contoh",
        "subject_position": "Camat Banjar",
        "subject_agency": "",
        "subject_agency_name": "Pemerintah Kota Banjar",
        "subject_address": "",
        "subject_nip": "",
        "description": "Camat mengunggah ajakan memilih pasangan calon nomor 1 di akun Facebook pribadinya.",
        "occurred_on": (today - datetime.timedelta(days=2)).isoformat(),
        "known_on": (today - datetime.timedelta(days=1)).isoformat(),
        "province": str(banjar.parent_id),
        "region": str(banjar.pk),
        "place": "Akun Facebook pribadi",
        "election": "",
        "candidate_pair": "",
        "links_text": "https://facebook.example/posts/1",
        "identity": "named",
        "reporter_name": "Siti Pelapor",
        "reporter_address": "Jl. Mawar 3, Banjar",
        "reporter_nik": "3279014107900001",
        "reporter_phone": "081234567890",
        "reporter_email": "siti@example.test",
        "reporter_category": "pemilih",
    }
    data.update(overrides)
    return data


@pytest.fixture
def anyone() -> None:
    """Marker fixture: the request comes from an anonymous member of the public."""
    return None
