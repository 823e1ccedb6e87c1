"""Finding 12 of the security probe: joined cases across regencies.

Joining a Kota Banjar case into a Kabupaten Purwakarta case (a province supervisor may) showed
Banjar's report (its number, the reported person, the place) on the joined case to Purwakarta's
supervisors, who cannot open that report; and Banjar lost sight of the case that now holds its
own report. Another region's reports are now shown only as a count, and a case stays visible to
every region whose reports it holds (to read; changing it stays with the case's own region).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from netral.api.tests.factories import client_for as api_client
from netral.cases.models import Case
from netral.cases.services import join_cases
from netral.cases.tests.helpers import make_case
from netral.core.context import acting
from netral.core.scoping import can

pytestmark = pytest.mark.django_db


@pytest.fixture
def joined(cast: Any) -> dict[str, Case]:
    banjar = make_case(region_code="32.79", agency=cast.agency_a, name="Asep Banjarsari")
    purwakarta = make_case(region_code="32.14", agency=cast.agency_b, name="Dedi Purwakarta")
    banjar.reports.update(place="Alun-alun Langensari Banjar")
    with acting(cast.sup_prov):
        join_cases(purwakarta, [banjar], user=cast.sup_prov, reason="Kejadian dan terlapor sama")
    return {"target": Case.objects.get(pk=purwakarta.pk), "source": Case.objects.get(pk=banjar.pk)}


def _page(user: Any, case: Case) -> tuple[int, str]:
    client = Client()
    client.force_login(user)
    response = client.get(f"/perkara/{case.number}/")
    return response.status_code, response.content.decode()


def test_another_regions_reports_show_only_as_a_count(cast: Any, joined: dict[str, Case]) -> None:
    banjar_report = joined["target"].reports.get(region__code="32.79")
    status, html = _page(cast.sup_b, joined["target"])
    assert status == 200
    assert "Dedi Purwakarta" in html  # its own report, in full
    assert "Asep Banjarsari" not in html
    assert "Alun-alun Langensari" not in html
    assert f"/laporan/{banjar_report.pk}/" not in html
    assert 'data-hidden-reports="1"' in html


def test_the_case_stays_visible_to_every_region_whose_reports_it_holds(cast: Any, joined: dict[str, Case]) -> None:
    target = joined["target"]
    status, html = _page(cast.sup_a, target)
    assert status == 200
    purwakarta_report = target.reports.get(region__code="32.14")
    assert "Alun-alun Langensari" in html  # its own report, in full
    assert f"/laporan/{purwakarta_report.pk}/" not in html
    assert 'data-hidden-reports="1"' in html
    assert Case.objects.restrict(cast.sup_a).filter(pk=target.pk).exists()
    assert Case.objects.restrict(cast.panwascam_a).filter(pk=target.pk).exists() is False  # not its kecamatan
    assert Case.objects.restrict(cast.analyst_a).filter(pk=target.pk).exists()
    assert api_client(cast.sup_a).get(f"/api/v1/cases/{target.number}/").status_code == 200
    # Reading, not handling: the decision stays with the case's own region (and the province).
    assert not can(cast.sup_a, target, "change")
    assert can(cast.sup_b, target, "change")
    # A regency that holds none of its reports still gets a 404.
    assert _page(cast.sup_other, target)[0] == 404


def test_the_case_list_of_the_original_region_holds_it(cast: Any, joined: dict[str, Case]) -> None:
    client = Client()
    client.force_login(cast.sup_a)
    response = client.get("/perkara/")
    numbers = {row["case"].number for row in response.context["rows"]}
    assert joined["target"].number in numbers
