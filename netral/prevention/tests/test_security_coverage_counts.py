"""Finding 3 of the security probe: the coverage page leaked counts.

``/pencegahan/cakupan/`` showed PPK and BKN officers exact case counts for every regency (cases
still in Bawaslu's hands, which they may not open) and other agencies' event and participant
counts: ``coverage_by_region`` filtered only by the viewer's region, which is None for them.
Every aggregate now counts the rows it summarises through the same scoping as the lists those
rows appear in; where a role may not see the rows, their figures are not shown at all (the
vulnerability index inputs) or only suppressed (the public page).
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from netral.cases.models import Case
from netral.core.context import acting
from netral.prevention import services
from netral.prevention.tests.helpers import pilkada

pytestmark = pytest.mark.django_db


def _case(number: str, agency: Any, status: str, route: str = "") -> Case:
    return Case.objects.create(
        number=number,
        title="uji",
        region=agency.region,
        agency=agency,
        election=pilkada(),
        subject_kind="asn",
        status=status,
        route=route,
    )


@pytest.fixture
def world(cast: Any) -> dict[str, Any]:
    """Banjar: 3 cases still with Bawaslu, 1 recommended via BKN. Purwakarta: 2 with Bawaslu, 1 forwarded
    to BKN; one mass signing reporting 400 participants without a list."""
    for n in range(3):
        _case(f"A-{n}", cast.agency_a, "received")
    _case("A-9", cast.agency_a, "recommended", "bkn")
    for n in range(2):
        _case(f"B-{n}", cast.agency_b, "registered")
    _case("B-9", cast.agency_b, "forwarded_bkn", "bkn")
    with acting(cast.ppk_b):
        services.create_event(
            cast.ppk_b,
            agency=cast.agency_b,
            kind="ikrar",
            title="Apel akbar Purwakarta",
            date=datetime.date(2024, 9, 23),
            place="Alun-alun",
            participants_count=400,
        )
    return {}


def _coverage(user: Any, **params: str) -> Any:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("prevention:coverage"), params)
    assert response.status_code == 200
    return response


def _regions(response: Any) -> dict[str, Any]:
    return {r.key: r for r in response.context["region_rows"]}


def test_a_ppk_officer_sees_only_what_they_may_open(cast: Any, world: dict[str, Any]) -> None:
    response = _coverage(cast.ppk_a)
    regions = _regions(response)
    assert set(regions) <= {"32.79"}, set(regions)  # no other regency's row at all
    assert regions["32.79"].cases == 1  # the recommended case; not the three still with Bawaslu
    assert sum(r.reported_participants for r in regions.values()) == 0  # Purwakarta's 400 never shown
    assert sum(r.events for r in regions.values()) == 0
    agencies = {r.key: r for r in response.context["agency_rows"]}
    assert agencies["pemkot-banjar"].cases == 1
    html = response.content.decode()
    assert "Apel akbar" not in html and ">400<" not in html


def test_bkn_counts_only_cases_forwarded_to_it(cast: Any, world: dict[str, Any]) -> None:
    regions = _regions(_coverage(cast.bkn))
    assert regions["32.79"].cases == 1
    assert regions["32.14"].cases == 1  # forwarded; the two still registered with Bawaslu are not counted
    # Prevention records are national for BKN: the event is theirs to see.
    assert regions["32.14"].reported_participants == 400


def test_a_supervisor_counts_every_case_of_the_region(cast: Any, world: dict[str, Any]) -> None:
    regions = _regions(_coverage(cast.sup_a))
    assert regions["32.79"].cases == 4
    assert "32.14" not in regions


def test_the_prevention_index_headline_counts_through_the_scope(cast: Any, world: dict[str, Any]) -> None:
    client = Client()
    client.force_login(cast.ppk_a)
    headline = client.get(reverse("prevention:index")).context["headline"]
    assert headline.cases == 1


def test_the_vulnerability_index_inputs_need_a_scope_that_covers_every_case(cast: Any, world: dict[str, Any]) -> None:
    """The index's working figures count every case of the region: only who may open them all sees them."""
    from netral.analytics import vulnerability

    vulnerability.recompute()
    for user, shown in ((cast.sup_a, True), (cast.sup_prov, True), (cast.admin, True), (cast.bkn, False)):
        client = Client()
        client.force_login(user)
        response = client.get("/statistik/wilayah/32.79/")
        assert response.status_code == 200
        assert response.context["in_scope"] is shown, user.username
