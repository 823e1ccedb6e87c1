"""Drill-downs of the report, finding and prevention figures: the rows equal the figure, in scope."""

from __future__ import annotations

import csv
import datetime
import html
import io
import re
from typing import Any

import pytest
from django.test import Client

from netral.testing import PASSWORD

PII = ("Pelapor Rahasia", "081234567890", "rahasia@contoh.id", "3279010101010001", "Jalan Rahasia")


def client_for(user: Any) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


def figure_link(body: str, total: str) -> tuple[str, int]:
    """The href and the number of a headline figure on the dashboard or region page."""
    m = re.search(rf'data-total="{total}"><a href="([^"]+)">(\d+)</a>', body)
    assert m, f"figure {total} has no link"
    return html.unescape(m.group(1)), int(m.group(2))


@pytest.fixture
def reported(world: Any) -> Any:
    """One more Banjar report carrying full reporter data (must never be shown here)."""
    from netral.regions.models import Region
    from netral.reports.models import Report

    Report.objects.create(
        kind="laporan",
        subject_name="Terlapor Kedua",
        subject_position="Kepala Seksi",
        description="uraian",
        region=Region.objects.get(code="32.79"),
        reporter_name=PII[0],
        reporter_phone=PII[1],
        reporter_email=PII[2],
        reporter_nik=PII[3],
        reporter_address=PII[4],
    )
    return world


@pytest.mark.parametrize(("who", "query"), [("sup_a", ""), ("sup_prov", "region=32.79"), ("sup_ri", "region=32")])
@pytest.mark.parametrize("total", ["reports", "findings"])
def test_it_lists_as_many_reports_as_the_dashboard_counts(reported: Any, who: str, query: str, total: str) -> None:
    c = client_for(getattr(reported.cast, who))
    body = c.get(f"/statistik/?{query}").content.decode()
    url, count = figure_link(body, total)
    assert url.startswith("/statistik/rincian/laporan/?kind=")
    response = c.get(url)
    assert response.status_code == 200
    assert response.context["page"].paginator.count == count
    assert count == (2 if total == "reports" else 1)


def test_it_links_the_region_page_figures_to_their_reports(reported: Any) -> None:
    c = client_for(reported.cast.sup_prov)
    body = c.get("/statistik/wilayah/32.79/").content.decode()
    for total, expected in (("reports", 2), ("findings", 1)):
        url, count = figure_link(body, total)
        assert count == expected
        assert c.get(url).context["page"].paginator.count == expected


def test_it_keeps_another_regions_reports_out(reported: Any) -> None:
    c = client_for(reported.cast.sup_a)
    body = c.get("/statistik/rincian/laporan/").content.decode()
    assert "Kota Banjar" in body and "Banyuasin" not in body
    assert c.get("/statistik/rincian/laporan/?region=16.07").context["page"].paginator.count == 0
    rows = list(csv.reader(io.StringIO(c.get("/statistik/rincian/laporan.csv").getvalue().decode("utf-8-sig"))))
    assert len(rows) == 1 + 3 and all(r[4].startswith("32.79") for r in rows[1:])
    other = client_for(reported.cast.sup_other)
    assert other.get("/statistik/rincian/laporan/?kind=temuan").context["page"].paginator.count == 0


def test_it_never_shows_reporter_data_in_the_list_or_exports(reported: Any) -> None:
    c = client_for(reported.cast.sup_ri)
    page = c.get("/statistik/rincian/laporan/").content.decode()
    assert "Terlapor Kedua" in page and "Kepala Seksi" in page
    text = c.get("/statistik/rincian/laporan.csv").getvalue().decode("utf-8-sig")
    assert "Terlapor Kedua" in text and "T-1" in text
    xlsx = c.get("/statistik/rincian/laporan.xlsx")
    assert xlsx.status_code == 200
    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    cells = " ".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None)
    assert "Terlapor Kedua" in cells
    for secret in PII:
        assert secret not in page and secret not in text and secret not in cells


@pytest.mark.parametrize(
    "query", ["region=99.99", "date_from=kemarin", "status=menang", "kind=rahasia", "election=tidak-ada"]
)
def test_it_answers_400_for_nonsense_filters(world: Any, query: str) -> None:
    c = client_for(world.cast.sup_ri)
    paths = ["/statistik/rincian/laporan/", "/statistik/rincian/laporan.csv"]
    if not query.startswith("kind"):
        paths.append("/statistik/rincian/pencegahan/circulars/")
    for path in paths:
        assert c.get(f"{path}?{query}").status_code == 400, path


def test_it_answers_404_for_an_unknown_prevention_kind(world: Any) -> None:
    assert client_for(world.cast.sup_ri).get("/statistik/rincian/pencegahan/semua/").status_code == 404


@pytest.fixture
def prevented(world: Any) -> Any:
    """Banjar: two registry ASN, one signed; one circular; one mass signing. Banyuasin: one circular."""
    from netral.prevention.models import Circular, PledgeEvent
    from netral.prevention.services import sign_pledge
    from netral.prevention.tests.helpers import make_asn, national_text, pilkada

    cast = world.cast
    signer = make_asn(cast.agency_a, name="Dewi Lestari")
    make_asn(cast.agency_a, name="Agus Saputra")
    sign_pledge(signer, national_text(), election=pilkada(), channel="akun")
    for agency, number in ((cast.agency_a, "800/1/2024"), (cast.agency_other, "800/9/2024")):
        Circular.objects.create(
            agency=agency,
            number=number,
            date=datetime.date(2024, 9, 1),
            subject="Netralitas ASN",
            signer_name="Pj Kepala Daerah",
            signer_title="Pj Kepala Daerah",
            region=agency.region,
            election=pilkada(),
        )
    PledgeEvent.objects.create(
        agency=cast.agency_a,
        kind="ikrar",
        title="Ikrar bersama Kota Banjar",
        date=datetime.date(2024, 9, 2),
        place="Aula",
        region=cast.agency_a.region,
        election=pilkada(),
    )
    return world


@pytest.mark.parametrize("kind", ["signers", "circulars", "events"])
def test_it_lists_as_many_prevention_records_as_the_dashboard_counts(prevented: Any, kind: str) -> None:
    c = client_for(prevented.cast.sup_prov)
    response = c.get("/statistik/?election=pilkada2024")
    row = next(r for r in response.context["data"]["prevention"] if r["key"] == "32.79")
    url = f"/statistik/rincian/pencegahan/{kind}/?region=32.79&amp;election=pilkada2024"
    assert f'href="{url}">{row[kind]}</a>' in response.content.decode()
    drill = c.get(html.unescape(url))
    assert drill.status_code == 200
    assert drill.context["page"].paginator.count == row[kind] == 1


def test_it_links_each_prevention_row_to_its_detail_page(prevented: Any) -> None:
    from netral.prevention.models import Circular, PledgeEvent

    c = client_for(prevented.cast.sup_prov)
    body = c.get("/statistik/rincian/pencegahan/circulars/?region=32.79").content.decode()
    circular = Circular.objects.get(number="800/1/2024")
    assert f'href="/pencegahan/surat-edaran/{circular.pk}/"' in body
    event = PledgeEvent.objects.get()
    body = c.get("/statistik/rincian/pencegahan/events/?region=32.79").content.decode()
    assert f'href="/pencegahan/penandatanganan-massal/{event.pk}/"' in body
    signers = c.get("/statistik/rincian/pencegahan/signers/?region=32.79").content.decode()
    assert "Dewi Lestari" in signers and "Agus Saputra" not in signers


def test_it_scopes_the_prevention_rows(prevented: Any) -> None:
    c = client_for(prevented.cast.sup_a)
    assert c.get("/statistik/rincian/pencegahan/circulars/").context["page"].paginator.count == 1
    assert c.get("/statistik/rincian/pencegahan/circulars/?region=16.07").context["page"].paginator.count == 0
    ri = client_for(prevented.cast.sup_ri)
    assert ri.get("/statistik/rincian/pencegahan/circulars/").context["page"].paginator.count == 2


def test_it_lists_as_many_persons_as_the_dashboard_counts(world: Any) -> None:
    """Two Banjar cases name the same ASN, one names another; Banyuasin's ASN stays out for sup_a."""
    from netral.prevention.tests.helpers import make_asn

    cases = world.cases
    dewi = make_asn(world.cast.agency_a, name="Dewi Lestari")
    for key, asn in (
        ("c1", dewi),
        ("c2", dewi),
        ("c3", make_asn(world.cast.agency_a, name="Agus Saputra")),
        ("c8", make_asn(world.cast.agency_other, name="Rina Wati")),
    ):
        cases[key].asn = asn
        cases[key].save()
    c = client_for(world.cast.sup_a)
    for page in ("/statistik/", "/statistik/wilayah/32.79/"):
        url, count = figure_link(c.get(page).content.decode(), "persons")
        drill = c.get(url)
        assert drill.context["page"].paginator.count == count == 2
        body = drill.content.decode()
        assert "Dewi Lestari" in body and "Agus Saputra" in body and "Rina Wati" not in body


def test_it_keeps_the_report_kind_when_the_filters_are_applied_again(reported: Any) -> None:
    c = client_for(reported.cast.sup_ri)
    response = c.get("/statistik/rincian/laporan/?kind=temuan&region=32")
    assert response.status_code == 200
    body = response.content.decode()
    # the form carries the kind, so "Terapkan" keeps showing findings only
    assert re.search(r'<select name="kind"[^>]*>.*?<option value="temuan" selected>', body, re.S)
    assert response.context["page"].paginator.count == 1
    assert "kind=temuan" in body  # the exports keep it too
    bad = c.get("/statistik/rincian/laporan/?kind=rahasia")
    assert bad.status_code == 400 and "Jenis laporan" in bad.content.decode()


def _csv(response: Any) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def _xlsx(response: Any) -> list[list[Any]]:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    return [list(r) for r in book.active.iter_rows(values_only=True)]


@pytest.fixture
def named(world: Any) -> Any:
    """Dewi is the subject of two Banjar cases, Agus of one; Rina of one in Banyuasin."""
    from netral.prevention.tests.helpers import make_asn

    dewi = make_asn(world.cast.agency_a, name="Dewi Lestari")
    for key, asn in (
        ("c1", dewi),
        ("c2", dewi),
        ("c3", make_asn(world.cast.agency_a, name="=Agus Saputra")),
        ("c8", make_asn(world.cast.agency_other, name="Rina Wati")),
    ):
        world.cases[key].asn = asn
        world.cases[key].save()
    return world


def test_it_exports_the_persons_list_with_the_same_rows_and_scope(named: Any) -> None:
    c = client_for(named.cast.sup_a)
    page = c.get("/statistik/rincian/asn/?status=recommended")
    assert 'href="/statistik/rincian/asn.csv?status=recommended"' in page.content.decode()
    rows = _csv(c.get("/statistik/rincian/asn.csv"))
    assert rows[0] == ["Nama", "Jabatan", "Instansi", "Kode wilayah", "Jumlah perkara"]
    body = {r[0]: r[4] for r in rows[1:]}
    assert body == {"Dewi Lestari": "2", "'=Agus Saputra": "1"}  # formula neutralised; Rina out of scope
    assert len(rows) - 1 == c.get("/statistik/rincian/asn/").context["page"].paginator.count
    filtered = _csv(c.get("/statistik/rincian/asn.csv?status=recommended"))
    assert [r[0] for r in filtered[1:]] == ["Dewi Lestari"]
    sheet = _xlsx(c.get("/statistik/rincian/asn.xlsx"))
    assert sheet[0][0] == "Nama" and len(sheet) == 3
    ri = _csv(client_for(named.cast.sup_ri).get("/statistik/rincian/asn.csv"))
    assert len(ri) - 1 == 3
    assert c.get("/statistik/rincian/asn.csv?status=menang").status_code == 400


@pytest.mark.parametrize("kind", ["signers", "circulars", "events"])
def test_it_exports_the_prevention_rows_like_the_list(prevented: Any, kind: str) -> None:
    c = client_for(prevented.cast.sup_prov)
    query = "election=pilkada2024&region=32.79"  # the filters' fixed order
    listed = c.get(f"/statistik/rincian/pencegahan/{kind}/?{query}")
    assert f"/statistik/rincian/pencegahan/{kind}.csv?{query}".replace("&", "&amp;") in listed.content.decode()
    rows = _csv(c.get(f"/statistik/rincian/pencegahan/{kind}.csv?{query}"))
    assert len(rows) - 1 == listed.context["page"].paginator.count == 1
    assert rows[1][0] == listed.context["page"][0]["title"]
    sheet = _xlsx(c.get(f"/statistik/rincian/pencegahan/{kind}.xlsx?{query}"))
    assert len(sheet) == 2 and sheet[1][0] == rows[1][0]


def test_it_scopes_the_prevention_exports(prevented: Any) -> None:
    sup_a = client_for(prevented.cast.sup_a)
    assert len(_csv(sup_a.get("/statistik/rincian/pencegahan/circulars.csv"))) - 1 == 1
    assert len(_csv(sup_a.get("/statistik/rincian/pencegahan/circulars.csv?region=16.07"))) - 1 == 0
    ri = client_for(prevented.cast.sup_ri)
    assert len(_csv(ri.get("/statistik/rincian/pencegahan/circulars.csv"))) - 1 == 2
    assert ri.get("/statistik/rincian/pencegahan/semua.csv").status_code == 404
    assert ri.get("/statistik/rincian/pencegahan/circulars.csv?region=99.99").status_code == 400
