"""Lists: pagination, filters (nonsense → 400 with the reason), and the newer record types."""

from __future__ import annotations

import datetime

import pytest

from netral.api.tests.factories import client_for, make_case
from netral.monitoring.models import Batch, Item
from netral.personnel.models import ASN
from netral.prevention.models import Circular
from netral.regions.models import Region

pytestmark = pytest.mark.django_db


def test_it_pages_cases_with_a_cursor(cast):
    numbers = [make_case("32.79").number for _ in range(5)]
    client = client_for(cast.sup_a)
    first = client.get("/api/v1/cases/?page_size=2").json()
    assert [c["number"] for c in first["results"]] == numbers[::-1][:2]
    assert "count" not in first  # no COUNT(*) on a million rows
    second = client.get(first["next"]).json()
    assert [c["number"] for c in second["results"]] == numbers[::-1][2:4]
    assert client.get("/api/v1/cases/?cursor=bukan-kursor").status_code == 404


def test_it_pages_reference_lists_by_number(cast):
    client = client_for(cast.sup_a)
    body = client.get("/api/v1/regions/?level=2&page_size=10&page=2").json()
    assert body["count"] == Region.objects.filter(level=2).count()
    assert len(body["results"]) == 10
    assert client.get("/api/v1/regions/?page=99999").status_code == 404


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("status=terbang", "status"),
        ("region=jawa", "region"),
        ("created_after=kemarin", "created_after"),
        ("deadline_before=2024-13-45T99:00", "deadline_before"),
        ("agency=%27%3B--", "agency"),
        ("page_size=0", "page_size"),
        ("page_size=abc", "page_size"),
        ("page_size=100000", "page_size"),
        ("region=", "region"),
        ("q=" + "x" * 101, "q"),
    ],
)
def test_it_answers_400_with_the_reason_for_nonsense_filters(cast, query, field):
    response = client_for(cast.sup_a).get(f"/api/v1/cases/?{query}")
    assert response.status_code == 400, response.content
    assert field in response.json()


def test_it_filters_cases(cast):
    a = make_case("32.79", status="clarification")
    make_case("32.79")
    client = client_for(cast.sup_prov)
    numbers = [c["number"] for c in client.get("/api/v1/cases/?status=clarification&region=32.79").json()["results"]]
    assert numbers == [a.number]
    assert client.get("/api/v1/cases/?region=32.14").json()["results"] == []
    assert client.get("/api/v1/cases/?created_after=1900-01-01&created_before=2999-12-31").status_code == 200
    assert client.get("/api/v1/cases/?created_after=0001-01-01").status_code == 200  # clamped, not a 500


def test_it_rejects_a_non_boolean_and_a_fractional_id(cast):
    client = client_for(cast.admin)
    assert client.get("/api/v1/reports/?is_late=maybe").status_code == 400
    assert client.get("/api/v1/reports/?is_late=true").status_code == 200
    assert client.get("/api/v1/webhooks/deliveries/?endpoint=1.5").status_code == 400


def test_it_answers_json_404_for_unknown_paths(cast):
    response = client_for(cast.sup_a).get("/api/v1/tidak-ada/sama/sekali/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_it_lists_prevention_records_in_scope(cast):
    for agency, code in ((cast.agency_a, "32.79"), (cast.agency_other, "16.07")):
        Circular.objects.create(
            agency=agency,
            number=f"800/{code}/2024",
            date=datetime.date(2024, 9, 1),
            subject="Netralitas ASN",
            signer_name="Penjabat Contoh",
            signer_title="Pj. Wali Kota",
            region=Region.objects.get(code=code),
        )
    got = client_for(cast.ppk_a).get("/api/v1/prevention/circulars/").json()["results"]
    assert [c["agency"] for c in got] == [cast.agency_a.code]
    got = client_for(cast.sup_prov).get("/api/v1/prevention/circulars/?date_after=2024-01-01").json()["results"]
    assert [c["region_code"] for c in got] == ["32.79"]
    assert len(client_for(cast.bkn).get("/api/v1/prevention/circulars/").json()["results"]) == 2


def test_it_lists_monitoring_items_in_scope(cast):
    batch = Batch.objects.create(uploaded_by=cast.sup_a, region_code="32.79", source_kind="paste")
    mine = Item.objects.create(batch=batch, text="Camat ikut kampanye", region_code="32.79", score=0.9, relevant=True)
    Item.objects.create(batch=batch, text="Di tempat lain", region_code="16.07", score=0.9, relevant=True)
    got = client_for(cast.analyst_a).get("/api/v1/monitoring/items/?relevant=true&min_score=0.5").json()["results"]
    assert [i["id"] for i in got] == [mine.pk]
    assert client_for(cast.bkn).get("/api/v1/monitoring/items/").json()["results"] == []
    assert client_for(cast.sup_a).get("/api/v1/monitoring/items/?min_score=2").status_code == 400


def test_it_matches_a_named_person_within_scope(cast):
    ASN.objects.create(
        identifier="198001012005011001",
        employment_type="PNS",
        name="Drs. Ahmad Contoh, M.Si.",
        name_normalized="ahmad contoh",
        position="Camat",
        agency=cast.agency_a,
        region_code="32.79",
    )
    client = client_for(cast.sup_a)
    got = client.get("/api/v1/asn/match/?name=Ahmad%20Contoh&position=camat&agency=pemkot-banjar").json()
    assert got[0]["asn"]["identifier"] == "198001012005011001"
    assert got[0]["score"] >= 80
    assert client_for(cast.sup_other).get("/api/v1/asn/match/?name=Ahmad%20Contoh&region=32.79").json() == []
    outside = client_for(cast.sup_other).get("/api/v1/asn/match/?name=Ahmad%20Contoh&agency=pemkot-banjar")
    assert outside.json() == []
    assert client.get("/api/v1/asn/match/?name=ab").status_code == 400
    assert client_for(cast.analyst_a).get("/api/v1/asn/match/?name=Ahmad").status_code == 403


def test_it_lists_cases_in_a_constant_number_of_queries(cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(cast.sup_a)
    counts = []
    for _ in range(2):
        for _ in range(3):
            make_case("32.79", agency=cast.agency_a)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/api/v1/cases/").status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_it_refuses_empty_match_parameters(cast):
    response = client_for(cast.sup_a).get("/api/v1/asn/match/?name=Ahmad&limit=")
    assert response.status_code == 400
    assert "limit" in response.json()
