"""Token authentication and role/region scoping through the API."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from netral.api.tests.factories import client_for, make_case

pytestmark = pytest.mark.django_db


def test_it_requires_a_token(cast):
    response = APIClient().get("/api/v1/cases/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")


def test_it_refuses_a_bad_token(cast):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef")
    assert client.get("/api/v1/cases/").status_code == 401


def test_it_refuses_an_inactive_users_token(cast):
    assert client_for(cast.outsider).get("/api/v1/cases/").status_code == 401


def test_it_lists_only_cases_in_the_users_region(cast):
    mine = make_case("32.79")
    other = make_case("16.07")
    response = client_for(cast.sup_a).get("/api/v1/cases/")
    assert response.status_code == 200
    numbers = {c["number"] for c in response.json()["results"]}
    assert mine.number in numbers
    assert other.number not in numbers


def test_it_answers_404_for_another_regions_case(cast):
    other = make_case("16.07")
    client = client_for(cast.sup_a)
    assert client.get(f"/api/v1/cases/{other.number}/").status_code == 404
    assert client.get(f"/api/v1/cases/{other.number}/transitions/").status_code == 404
    response = client.post(f"/api/v1/cases/{other.number}/transitions/", {"to_status": "initial_review"}, format="json")
    assert response.status_code == 404
    assert client_for(cast.sup_other).get(f"/api/v1/cases/{other.number}/").status_code == 200


def test_it_lets_a_province_supervisor_see_its_regencies(cast):
    a = make_case("32.79")
    b = make_case("32.14")
    other = make_case("16.07")
    numbers = {c["number"] for c in client_for(cast.sup_prov).get("/api/v1/cases/").json()["results"]}
    assert {a.number, b.number} <= numbers
    assert other.number not in numbers


def test_it_shows_ppk_only_their_agencys_recommended_cases(cast):
    own = make_case("32.79", agency=cast.agency_a, status="recommended", route="bkn")
    own_early = make_case("32.79", agency=cast.agency_a, status="clarification")
    foreign = make_case("32.14", agency=cast.agency_b, status="recommended", route="bkn")
    client = client_for(cast.ppk_a)
    numbers = {c["number"] for c in client.get("/api/v1/cases/").json()["results"]}
    assert numbers == {own.number}
    assert client.get(f"/api/v1/cases/{own_early.number}/").status_code == 404
    assert client.get(f"/api/v1/cases/{foreign.number}/").status_code == 404


def test_it_shows_bkn_only_forwarded_cases(cast):
    forwarded = make_case("16.07", status="forwarded_bkn", route="bkn")
    local = make_case("32.79", status="clarification")
    numbers = {c["number"] for c in client_for(cast.bkn).get("/api/v1/cases/").json()["results"]}
    assert forwarded.number in numbers
    assert local.number not in numbers


def test_it_keeps_analysts_read_only(cast):
    case = make_case("32.79")
    client = client_for(cast.analyst_a)
    assert client.get(f"/api/v1/cases/{case.number}/").status_code == 200
    response = client.post(f"/api/v1/cases/{case.number}/transitions/", {"to_status": "initial_review"}, format="json")
    assert response.status_code == 403
    assert client.delete(f"/api/v1/cases/{case.number}/").status_code in (403, 405)
    assert client.post("/api/v1/cases/", {}, format="json").status_code in (403, 405)


def test_it_never_serialises_reporters_personal_data(cast):
    case = make_case("32.79")
    report = case.reports.get()
    response = client_for(cast.sup_a).get(f"/api/v1/reports/{report.pk}/")
    body = response.content.decode()
    # The report is there (a 404 or an empty body would hide nothing), without its reporter.
    assert response.status_code == 200 and response.json()["subject_name"] == report.subject_name
    assert "Pelapor Rahasia" not in body
    assert "reporter" not in body


def test_it_limits_asn_lookup_to_case_handling_roles(cast):
    assert client_for(cast.analyst_a).get("/api/v1/asn/").status_code == 403
    assert client_for(cast.sup_a).get("/api/v1/asn/").status_code == 200
    assert client_for(cast.ppk_a).get("/api/v1/asn/").status_code == 200


def test_it_scopes_agencies(cast):
    codes = {a["code"] for a in client_for(cast.ppk_a).get("/api/v1/agencies/").json()["results"]}
    assert codes == {cast.agency_a.code}
    assert client_for(cast.sup_a).get(f"/api/v1/agencies/{cast.agency_other.code}/").status_code == 404
