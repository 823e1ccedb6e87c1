"""Mass events with attendee import, activities with derived stage, uploaded files."""

from __future__ import annotations

import datetime
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from netral.core.context import acting
from netral.personnel.identifiers import format_nip
from netral.prevention import services
from netral.prevention.models import EventAttendee, PreventionFile
from netral.prevention.tests.helpers import make_asn, nip

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)


def _event(cast, **kw):
    with acting(cast.ppk_a):
        return services.create_event(
            cast.ppk_a,
            agency=cast.agency_a,
            kind="ikrar",
            title="Apel siaga netralitas",
            date=kw.pop("date", datetime.date(2024, 9, 30)),
            place="Halaman Balai Kota",
            participants_count=300,
            **kw,
        )


def test_it_derives_the_stage_from_the_date(cast):
    event = _event(cast)
    assert (event.election.code, event.stage.code) == ("pilkada2024", "kampanye")
    with acting(cast.ppk_a):
        activity = services.create_activity(
            cast.ppk_a, agency=cast.agency_a, kind="apel_siaga", title="Apel", date=datetime.date(2024, 11, 25)
        )
    assert activity.stage.code == "masa-tenang"


def test_it_imports_attendees_and_reports_each_bad_row(cast):
    event = _event(cast)
    known = [make_asn(cast.agency_a, identifier=nip("19800101", "200503", "1", 500 + i)) for i in range(3)]
    stranger = make_asn(cast.agency_b, identifier=nip("19800101", "200503", "1", 510))
    csv_text = "\n".join(
        [
            "no;nip;nama",
            f"1;{known[0].identifier};A",
            f"2;{format_nip(known[1].identifier)};B",
            "3;198001012005031999;tidak dikenal",
            "4;12345;salah",
            f"5;{known[0].identifier};ganda",
            f"6;{stranger.identifier};instansi lain",
            f"7;{known[2].identifier};C",
        ]
    )
    with acting(cast.ppk_a):
        result = services.import_attendees(cast.ppk_a, event, csv_text.encode())
    assert result.linked == 3
    assert [(r.line, r.status) for r in result.problems] == [
        (4, "unknown"),
        (5, "malformed"),
        (6, "duplicate"),
        (7, "other_agency"),
    ]
    assert "harus 18 digit" in result.problems[1].message
    assert set(EventAttendee.objects.filter(event=event).values_list("asn", flat=True)) == {a.pk for a in known}
    with acting(cast.ppk_a):
        again = services.import_attendees(cast.ppk_a, event, known[0].identifier.encode())
    assert [r.status for r in again.rows] == ["already"]


def test_it_imports_through_the_page(cast, client):
    event = _event(cast)
    person = make_asn(cast.agency_a, identifier=nip("19800101", "200503", "1", 520))
    client.force_login(cast.ppk_a)
    upload = SimpleUploadedFile("hadir.csv", f"nip\n{person.identifier}\n198001012005031998\n".encode())
    response = client.post(reverse("prevention:event_detail", args=[event.pk]), {"form": "attendees", "file": upload})
    page = response.content.decode()
    assert response.status_code == 200
    assert "1 ASN ditautkan; 1 baris bermasalah." in page
    assert "tidak ditemukan dalam registri" in page
    client.force_login(cast.ppk_b)
    upload = SimpleUploadedFile("hadir.csv", person.identifier.encode())
    assert (
        client.post(
            reverse("prevention:event_detail", args=[event.pk]), {"form": "attendees", "file": upload}
        ).status_code
        == 404
    )


def test_it_stores_sniffed_hashed_files(cast, client, settings):
    event = _event(cast)
    client.force_login(cast.ppk_a)
    url = reverse("prevention:event_detail", args=[event.pk])
    response = client.post(url, {"form": "file", "file": SimpleUploadedFile("foto.jpg", PNG, "image/jpeg")})
    assert response.status_code == 302
    item = PreventionFile.objects.get()
    assert (item.content_type, item.kind, item.size) == ("image/png", "foto", len(PNG))
    assert item.sha256 == hashlib.sha256(PNG).hexdigest()
    stored = settings.PRIVATE_STORAGE_ROOT / item.storage_path
    assert stored.read_bytes() == PNG
    assert str(stored).startswith(str(settings.PRIVATE_STORAGE_ROOT / "prevention"))
    download = client.get(reverse("prevention:file", args=[item.pk]))
    assert b"".join(download.streaming_content) == PNG
    client.force_login(cast.ppk_b)
    assert client.get(reverse("prevention:file", args=[item.pk])).status_code == 404


def test_it_refuses_wrong_types_and_oversized_files(cast, settings):
    event = _event(cast)
    with acting(cast.ppk_a), pytest.raises(ValidationError) as exc:
        services.attach_file(cast.ppk_a, event, SimpleUploadedFile("x.pdf", b"#!/bin/sh\necho hi\n"))
    assert "tidak diterima" in str(exc.value)
    settings.PREVENTION_FILE_MAX_BYTES = 10
    with acting(cast.ppk_a), pytest.raises(ValidationError) as exc:
        services.attach_file(cast.ppk_a, event, SimpleUploadedFile("x.png", PNG))
    assert "terlalu besar" in str(exc.value)
    assert not PreventionFile.objects.exists()
    assert not (settings.PRIVATE_STORAGE_ROOT / "prevention").exists()


def test_it_creates_an_event_through_the_page(cast, client):
    client.force_login(cast.ppk_a)
    unit = cast.agency_a.units.get()
    response = client.post(
        reverse("prevention:event_create"),
        {
            "agency": cast.agency_a.pk,
            "kind": "pakta",
            "title": "Penandatanganan pakta integritas",
            "date": "2024-09-24",
            "place": "Aula Setda",
            "participants_count": "45",
            "units": [unit.pk],
        },
    )
    assert response.status_code == 302
    event = cast.agency_a.pledge_events.get()
    assert list(event.units.all()) == [unit]
    assert event.stage.code in ("nomor-urut", "pembentukan-badan-adhoc", "daftar-pemilih") or event.stage


def test_it_shows_field_errors_without_saving(cast, client):
    client.force_login(cast.ppk_a)
    response = client.post(
        reverse("prevention:decree_create"),
        {
            "agency": cast.agency_a.pk,
            "number": "1",
            "date": "2024-09-01",
            "title": "x",
            "period_start": "2024-10-01",
            "period_end": "2024-09-01",
        },
    )
    assert response.status_code == 200
    assert "period_end" in response.context["form"].errors
    assert not cast.agency_a.venue_decrees.exists()
