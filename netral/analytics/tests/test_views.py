"""Pages, 400s on nonsense filters, exports and PDFs, each through the user's scope."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

import pytest
from django.test import Client

from netral.analytics import vulnerability
from netral.testing import PASSWORD

from .conftest import TODAY


def client_for(user: Any) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


def test_it_asks_anonymous_users_to_sign_in(world: Any) -> None:
    for url in ("/statistik/", "/statistik/peta/", "/statistik/wilayah/32/", "/statistik/rincian/"):
        response = Client().get(url)
        assert response.status_code == 302 and "/akun/" in response["Location"]


@pytest.mark.parametrize("who", ["sup_ri", "sup_a", "ppk_a", "bkn", "analyst_a", "admin"])
def test_it_renders_the_dashboard_for_each_role(world: Any, who: str) -> None:
    response = client_for(getattr(world.cast, who)).get("/statistik/")
    assert response.status_code == 200
    assert b'id="chart-data"' in response.content
    assert b"<table" in response.content  # every chart has its table


def test_it_shows_only_the_users_numbers(world: Any) -> None:
    body = client_for(world.cast.sup_a).get("/statistik/").content.decode()
    assert 'data-total="cases"><a href="/statistik/rincian/">4</a>' in body
    assert "Banyuasin" not in body


@pytest.mark.parametrize(
    ("query", "problem"),
    [
        ("region=99.99", "Kode wilayah 99.99 tidak dikenal"),
        ("date_from=kemarin", "Sejak bulan"),
        ("date_to=2024-13", "Sampai bulan"),
        ("status=menang", "Status"),
        ("agency=tidak-ada", "Instansi tidak-ada tidak dikenal"),
        ("stage=999999", "Tahapan 999999 tidak dikenal"),
        ("date_from=2024-12-01&date_to=2024-01-01", "Tanggal awal harus sebelum tanggal akhir"),
        ("ppk=semua", "Tindak lanjut PPK"),
        ("late=1", "Ketepatan waktu hanya berlaku bersama langkah penanganan"),
    ],
)
def test_it_answers_400_with_the_reason_for_nonsense_filters(world: Any, query: str, problem: str) -> None:
    c = client_for(world.cast.sup_ri)
    for path in ("/statistik/", "/statistik/rincian/", "/statistik/rincian/perkara.csv", "/statistik/angka/status.csv"):
        response = c.get(f"{path}?{query}")
        assert response.status_code == 400, path
        assert problem in response.content.decode()


def test_it_lists_the_rows_behind_a_figure(world: Any) -> None:
    body = client_for(world.cast.sup_prov).get("/statistik/rincian/?status=recommended").content.decode()
    assert "T-2" in body and "T-6" in body and "T-1" not in body


def test_it_exports_the_scoped_case_list_as_csv(world: Any) -> None:
    response = client_for(world.cast.sup_a).get("/statistik/rincian/perkara.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("Nomor perkara,Status")
    assert sorted(line.split(",")[0] for line in lines[1:]) == ["T-1", "T-2", "T-3", "T-4"]
    assert "Nama Uji" not in text  # no reporter or reported names in the export


def test_it_exports_the_scoped_case_list_as_xlsx(world: Any) -> None:
    response = client_for(world.cast.ppk_b).get("/statistik/rincian/perkara.xlsx?status=refused")
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "T-5" in sheet and "T-6" not in sheet and "T-1" not in sheet


def test_it_exports_a_figure_table(world: Any) -> None:
    response = client_for(world.cast.sup_ri).get("/statistik/angka/compliance.csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "pemkot-banjar,Pemerintah Kota Banjar,2,1,0,1,0,6,0.5" in text


def test_the_old_pdf_addresses_lead_to_the_case_files(world: Any) -> None:
    c = client_for(world.cast.sup_a)
    assert c.get("/statistik/perkara/T-2.pdf")["Location"] == "/perkara/T-2/berkas.pdf"
    assert c.get("/statistik/perkara/T-2/rekomendasi.pdf")["Location"] == "/perkara/T-2/rekomendasi.pdf"


def test_it_shows_the_map_and_the_region_page_with_inputs(world: Any) -> None:
    vulnerability.recompute(TODAY)
    c = client_for(world.cast.sup_prov)
    body = c.get("/statistik/peta/").content.decode()
    # One tile per province in the tile grid (the index tables below draw their own score bars).
    grid = re.search(r'<svg class="tilegrid".*?</svg>', body, re.S)
    assert grid is not None and grid.group(0).count("<rect") == 38
    assert len(re.findall(r'<a href="/statistik/wilayah/[0-9]+/" data-code=', grid.group(0))) == 38
    assert 'data-code="93"' in body  # Papua Selatan has its own tile
    page = c.get("/statistik/wilayah/32.79/").content.decode()
    assert 'data-category="high"' in page
    assert "Masukan perhitungan" in page and "32,5" in page  # rate per 10 000 ASN, Indonesian format
    other = c.get("/statistik/wilayah/16/").content.decode()
    assert "Masukan perhitungan" not in other  # another province: score only, no working
    assert c.get("/statistik/wilayah/32.79.01/").status_code == 404
