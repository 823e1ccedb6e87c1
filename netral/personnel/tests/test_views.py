"""Registry pages: scoped list and detail (NIK never shown), web import with progress and errors."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from netral.core.models import ObjectChange
from netral.personnel.generate import HEADER, registry_rows, write_registry_csv
from netral.personnel.models import ASN, ImportRun
from netral.personnel.services import import_file

TODAY = dt.date(2026, 11, 22)


def csv_bytes(rows: list[list[str]], header: list[str] | None = None) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header or HEADER)
    writer.writerows(rows)
    return out.getvalue().encode()


def rows(agency_code: str, region: str, count: int, seed: int = 3) -> list[list[str]]:
    return list(registry_rows(random.Random(seed), TODAY, count, [(agency_code, region)], ["Dinas Pendidikan"]))


def load(cast: Any, tmp_path: Path) -> None:
    """Three ASN in Banjar (with NIK), two in Purwakarta, imported by an admin."""
    a = [r + ["3279015505900001"] for r in rows(cast.agency_a.code, "32.79", 3)]
    b = [r + [""] for r in rows(cast.agency_b.code, "32.14", 2, seed=4)]
    path = tmp_path / "all.csv"
    write_registry_csv(path, iter(a + b), [*HEADER, "NIK"])
    run = import_file(cast.admin, path)
    assert run.created == 5, run.errors


def test_it_scopes_the_list_and_detail(client: Any, cast: Any, tmp_path: Path) -> None:
    load(cast, tmp_path)
    banjar = ASN.objects.filter(agency=cast.agency_a)
    purwakarta = ASN.objects.filter(agency=cast.agency_b).first()
    client.force_login(cast.ppk_a)
    body = client.get(reverse("personnel:list")).content.decode()
    assert all(a.name in body for a in banjar)
    assert purwakarta.name not in body
    assert "3279015505900001" not in body
    assert client.get(reverse("personnel:detail", args=[purwakarta.pk])).status_code == 404
    detail = client.get(reverse("personnel:detail", args=[banjar[0].pk])).content.decode()
    assert "3279015505900001" not in detail and "terenkripsi" in detail
    assert "19" in detail and " " in detail  # NIP printed in BKN's grouped form

    client.force_login(cast.sup_prov)  # Jawa Barat: both agencies, read-only
    body = client.get(reverse("personnel:list")).content.decode()
    assert purwakarta.name in body and banjar[0].name in body
    assert client.post(reverse("personnel:set_active", args=[banjar[0].pk]), {"active": "0"}).status_code == 404
    client.force_login(cast.sup_other)
    assert client.get(reverse("personnel:detail", args=[banjar[0].pk])).status_code == 404


def test_it_filters_the_list(client: Any, cast: Any, tmp_path: Path) -> None:
    load(cast, tmp_path)
    client.force_login(cast.admin)
    target = ASN.objects.filter(agency=cast.agency_b).first()
    body = client.get(reverse("personnel:list"), {"agency": cast.agency_b.pk}).content.decode()
    assert target.name in body and ASN.objects.filter(agency=cast.agency_a).first().name not in body
    body = client.get(reverse("personnel:list"), {"q": target.name_normalized.split()[-1].upper()}).content.decode()
    assert target.name in body
    body = client.get(reverse("personnel:list"), {"q": target.identifier[:10]}).content.decode()
    assert target.name in body
    response = client.get(reverse("personnel:list"), {"employment_type": "PPPK", "position_class": "jpt"})
    assert response.status_code == 200


def test_it_lets_the_ppk_deactivate_their_own_asn(client: Any, cast: Any, tmp_path: Path) -> None:
    load(cast, tmp_path)
    asn = ASN.objects.filter(agency=cast.agency_a).first()
    client.force_login(cast.ppk_a)
    response = client.post(reverse("personnel:set_active", args=[asn.pk]), {"active": "0"})
    assert response.status_code == 302
    asn.refresh_from_db()
    assert asn.active is False
    change = ObjectChange.objects.filter(object_type="personnel.asn", object_id=str(asn.pk)).get()
    assert change.prechange["nik_encrypted"] == "***"
    client.force_login(cast.ppk_b)
    assert client.post(reverse("personnel:set_active", args=[asn.pk]), {"active": "1"}).status_code == 404


def test_it_imports_through_the_web_page_with_progress(client: Any, cast: Any) -> None:
    good = rows(cast.agency_a.code, "32.79", 4)
    good[2][0] = "198609262015059001"  # gender digit 9
    good.append(rows(cast.agency_b.code, "32.14", 1, seed=9)[0])  # another agency
    client.force_login(cast.ppk_a)
    page = client.get(reverse("personnel:import"))
    assert page.status_code == 200 and 'name="agency"' not in page.content.decode()
    upload = SimpleUploadedFile("siasn.csv", csv_bytes(good), content_type="text/csv")
    response = client.post(reverse("personnel:import"), {"file": upload})
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response.url == reverse("personnel:import_status", args=[run.pk])
    assert (run.status, run.agency, run.created, run.error_count) == ("done", cast.agency_a, 3, 2)
    status = client.get(response.url).content.decode()
    assert "Impor selesai" in status and "jenis kelamin" in status and "di luar kewenangan" in status
    partial = client.get(response.url, HTTP_HX_REQUEST="true")
    assert partial.content.decode().lstrip().startswith('<div id="import-progress"')
    assert 'hx-trigger="every 1s"' not in partial.content.decode()  # finished: polling stops
    errors = client.get(reverse("personnel:import_errors", args=[run.pk]))
    assert errors["Content-Type"].startswith("text/csv")
    lines = errors.content.decode().strip().splitlines()
    assert lines[0] == "baris,alasan" and lines[1].startswith("4,") and lines[2].startswith("6,")
    client.force_login(cast.ppk_b)
    assert client.get(reverse("personnel:import_status", args=[run.pk])).status_code == 404
    assert client.get(reverse("personnel:import_errors", args=[run.pk])).status_code == 404


def test_it_shows_pending_runs_with_polling(client: Any, cast: Any) -> None:
    run = ImportRun.objects.create(agency=cast.agency_a, file_name="x.csv", file_sha256="0", file_format="csv")
    client.force_login(cast.ppk_a)
    body = client.get(reverse("personnel:import_status", args=[run.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in body


def test_it_refuses_a_file_with_wrong_columns_on_the_form(client: Any, cast: Any) -> None:
    client.force_login(cast.ppk_a)
    bad = SimpleUploadedFile("x.csv", csv_bytes([["1", "2"]], ["NIP", "Nama"]), content_type="text/csv")
    response = client.post(reverse("personnel:import"), {"file": bad})
    assert response.status_code == 200
    assert "kolom wajib tidak ditemukan" in response.content.decode()
    assert ImportRun.objects.count() == 0 and ASN.objects.count() == 0
    other = SimpleUploadedFile("x.pdf", b"%PDF-1.4", content_type="application/pdf")
    assert "CSV atau XLSX" in client.post(reverse("personnel:import"), {"file": other}).content.decode()


def test_it_keeps_import_for_ppk_and_admin(client: Any, cast: Any) -> None:
    client.force_login(cast.sup_a)
    assert client.get(reverse("personnel:import")).status_code == 403
    client.force_login(cast.admin)
    assert 'name="agency"' in client.get(reverse("personnel:import")).content.decode()
    client.logout()
    assert client.get(reverse("personnel:list")).status_code == 302
