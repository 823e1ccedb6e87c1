"""Role × region access to the queue, list, detail and export; the actions on the detail page."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.urls import reverse

from netral.accounts.models import User
from netral.cases.models import Case
from netral.cases.tests.helpers import make_case, to_recommended, to_violation, walk
from netral.testing import PASSWORD

pytestmark = pytest.mark.django_db


def client_for(client: Any, user: User) -> Any:
    assert client.login(username=user.username, password=PASSWORD)
    return client


def csv_numbers(response: Any) -> tuple[list[str], set[str]]:
    body = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body)))
    return rows[0], {r[0] for r in rows[1:]}


@pytest.fixture
def world(cast: Any) -> dict[str, Case]:
    banjar = make_case(agency=cast.agency_a, name="Asep Banjar")
    purwakarta = make_case(region_code="32.14", agency=cast.agency_b, name="Dedi Purwakarta")
    banyuasin = make_case(region_code="16.07", agency=cast.agency_other, name="Rahmat Banyuasin")
    recommended = to_recommended(make_case(agency=cast.agency_a, name="Wati Banjar"), cast)
    return {"banjar": banjar, "purwakarta": purwakarta, "banyuasin": banyuasin, "recommended": recommended}


def test_it_needs_a_login(client: Any, world: dict[str, Case]) -> None:
    for url in (
        reverse("cases:queue"),
        reverse("cases:list"),
        reverse("cases:export"),
        reverse("cases:detail", args=[world["banjar"].number]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/akun/" in response["Location"]


def test_it_hides_another_regions_case_in_list_detail_and_export(
    client: Any, cast: Any, world: dict[str, Case]
) -> None:
    client_for(client, cast.sup_a)
    listing = client.get(reverse("cases:list")).content.decode()
    assert world["banjar"].number in listing and world["purwakarta"].number not in listing
    assert world["banyuasin"].number not in listing
    assert client.get(reverse("cases:detail", args=[world["purwakarta"].number])).status_code == 404
    assert client.get(reverse("cases:detail", args=[world["banjar"].number])).status_code == 200
    header, numbers = csv_numbers(client.get(reverse("cases:export")))
    assert numbers == {world["banjar"].number, world["recommended"].number}
    # posting a move on another region's case is a 404 too
    url = reverse("cases:transition", args=[world["purwakarta"].number, "initial_review"])
    assert client.post(url, {"t-initial_review-reason": "x"}).status_code == 404


def test_it_lets_the_province_see_its_regencies_only(client: Any, cast: Any, world: dict[str, Case]) -> None:
    client_for(client, cast.sup_prov)
    _, numbers = csv_numbers(client.get(reverse("cases:export")))
    assert world["banjar"].number in numbers and world["purwakarta"].number in numbers
    assert world["banyuasin"].number not in numbers


def test_it_shows_bkn_only_forwarded_cases(client: Any, cast: Any, world: dict[str, Case]) -> None:
    client_for(client, cast.bkn)
    _, numbers = csv_numbers(client.get(reverse("cases:export")))
    assert numbers == {world["recommended"].number}
    assert client.get(reverse("cases:detail", args=[world["banjar"].number])).status_code == 404


def test_it_shows_ppk_only_their_agencys_recommendations(client: Any, cast: Any, world: dict[str, Case]) -> None:
    client_for(client, cast.ppk_b)
    _, numbers = csv_numbers(client.get(reverse("cases:export")))
    assert numbers == set()
    assert client.get(reverse("cases:detail", args=[world["recommended"].number])).status_code == 404
    client.logout()
    client_for(client, cast.ppk_a)
    _, numbers = csv_numbers(client.get(reverse("cases:export")))
    assert numbers == {world["recommended"].number}
    queue = client.get(reverse("cases:queue")).content.decode()
    assert world["recommended"].number in queue and "sisa" in queue


def test_it_keeps_the_analyst_read_only(client: Any, cast: Any, world: dict[str, Case]) -> None:
    client_for(client, cast.analyst_a)
    page = client.get(reverse("cases:detail", args=[world["banjar"].number]))
    assert page.status_code == 200 and b'data-target="initial_review"' not in page.content
    url = reverse("cases:transition", args=[world["banjar"].number, "initial_review"])
    client.post(url, {"t-initial_review-reason": "x"})
    world["banjar"].refresh_from_db()
    assert world["banjar"].status == "received"
    assert client.get(reverse("cases:queue")).context["page"].paginator.count == 0


def test_it_exports_no_reporter_data(client: Any, cast: Any, world: dict[str, Case]) -> None:
    client_for(client, cast.sup_a)
    response = client.get(reverse("cases:export"))
    body = b"".join(response.streaming_content).decode()
    # The export holds the cases (an empty file would hide nothing), without their reporters.
    assert response.status_code == 200 and world["banjar"].number in body
    assert "Pelapor Rahasia" not in body and "081234567890" not in body
    assert "reporter" not in body


def test_it_filters_the_list(client: Any, cast: Any, world: dict[str, Case]) -> None:
    client_for(client, cast.sup_prov)
    r = client.get(reverse("cases:list"), {"region": "32.14"})
    numbers = {row["case"].number for row in r.context["rows"]}
    assert numbers == {world["purwakarta"].number}
    r = client.get(reverse("cases:list"), {"status": "recommended"})
    assert {row["case"].number for row in r.context["rows"]} == {world["recommended"].number}
    r = client.get(reverse("cases:list"), {"phase": "ppk", "ordering": "-number"})
    assert {row["case"].number for row in r.context["rows"]} == {world["recommended"].number}
    r = client.get(reverse("cases:list"), {"overdue": "true"})
    assert r.context["rows"] == []
    r = client.get(reverse("cases:list"), {"subject_kind": "kepala_desa"})
    assert r.context["rows"] == []
    r = client.get(reverse("cases:list"), {"status": "nonsense"})
    assert r.status_code == 200 and r.context["rows"] == []


def test_it_orders_the_supervisor_queue_overdue_first(client: Any, cast: Any, world: dict[str, Case]) -> None:
    import datetime

    from django.utils import timezone

    from netral.cases.models import Case

    Case.objects.filter(pk=world["banjar"].pk).update(deadline_at=timezone.now() - datetime.timedelta(days=2))
    fresh = make_case(agency=cast.agency_a, name="Baru")
    client_for(client, cast.sup_a)
    r = client.get(reverse("cases:queue"))
    numbers = [row["case"].number for row in r.context["rows"]]
    assert numbers[0] == world["banjar"].number and fresh.number in numbers
    assert world["recommended"].number not in numbers  # not the supervisor's move
    assert r.context["rows"][0]["clock"].overdue and "terlambat" in r.content.decode()


def test_it_moves_a_case_from_the_detail_page_and_shows_field_errors(
    client: Any, cast: Any, world: dict[str, Case]
) -> None:
    client_for(client, cast.sup_a)
    case = world["banjar"]
    url = reverse("cases:transition", args=[case.number, "initial_review"])
    assert client.post(url, {"t-initial_review-reason": ""}).status_code == 302
    case.refresh_from_db()
    assert case.status == "initial_review"
    url = reverse("cases:transition", args=[case.number, "registered"])
    r = client.post(url, {"t-registered-reason": "lengkap"})
    assert r.status_code == 400 and "registration_number" in r.context["forms"][1].errors or r.status_code == 400
    case.refresh_from_db()
    assert case.status == "initial_review"
    # a skip through the URL is refused, nothing changes
    r = client.post(reverse("cases:transition", args=[case.number, "violation"]), {"t-violation-reason": "x"})
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.status == "initial_review"


def test_it_shows_recommendation_form_to_bkn_with_catalogue_choices(client: Any, cast: Any) -> None:
    case = to_violation(make_case(agency=cast.agency_a), cast.sup_a)
    case = walk(case, [("forwarded_bkn", cast.sup_a, {}), ("bkn_verification", cast.bkn, {})])
    client_for(client, cast.bkn)
    page = client.get(reverse("cases:detail", args=[case.number])).content.decode()
    assert 'data-target="recommended"' in page and "D-03" in page and "PTDH" in page
    url = reverse("cases:transition", args=[case.number, "recommended"])
    r = client.post(
        url,
        {
            "t-recommended-reason": "terbukti",
            "t-recommended-violation_types": ["KE-05"],
            "t-recommended-sanction_level": "ptdh",
        },
    )
    assert r.status_code == 400 and "tidak tersedia" in r.content.decode()
    r = client.post(
        url,
        {
            "t-recommended-reason": "terbukti",
            "t-recommended-violation_types": ["KE-05"],
            "t-recommended-sanction_level": "moral-terbuka",
        },
    )
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.sanction_level is not None
    assert case.status == "recommended" and case.sanction_level.code == "moral-terbuka"


def test_it_joins_cases_from_the_detail_page(client: Any, cast: Any, world: dict[str, Case]) -> None:
    other = make_case(agency=cast.agency_a, name="Asep Banjar")
    client_for(client, cast.sup_a)
    url = reverse("reports:join_cases", args=[world["banjar"].number])
    r = client.post(url, {"others": world["purwakarta"].number, "reason": "kejadian sama"})
    assert r.status_code == 400 and "Tidak ditemukan" in r.content.decode()
    r = client.post(url, {"others": other.number, "reason": "kejadian yang sama"})
    assert r.status_code == 302
    other.refresh_from_db()
    assert other.status == "joined" and other.merged_into_id == world["banjar"].pk


def test_it_answers_htmx_filter_requests_with_the_rows_only(client: Any, cast: Any, world: dict[str, Case]) -> None:
    client_for(client, cast.sup_a)
    r = client.get(reverse("cases:list"), {"status": "received"}, HTTP_HX_REQUEST="true")
    body = r.content.decode()
    assert r.status_code == 200 and "<html" not in body and 'id="case-rows"' in body
    assert world["banjar"].number in body and world["recommended"].number not in body
