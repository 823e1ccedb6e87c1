"""Case transitions through the API: the cases workflow decides, the API reports its answer."""

from __future__ import annotations

import pytest

from netral.api.tests.factories import client_for, make_case
from netral.cases.models import Case, CaseTransition

pytestmark = pytest.mark.django_db


def url(case: Case) -> str:
    return f"/api/v1/cases/{case.number}/transitions/"


def test_it_moves_a_case_through_the_workflow(cast):
    case = make_case("32.79")
    client = client_for(cast.sup_a)
    response = client.post(url(case), {"to_status": "initial_review"}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["to_status"] == "initial_review"
    assert response.json()["user_name"] == cast.sup_a.username
    response = client.post(
        url(case),
        {
            "to_status": "registered",
            "reason": "Memenuhi syarat",
            "registration_number": "001/Reg/LP/PB/Kota/13.00/X/2024",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    case.refresh_from_db()
    assert case.status == "registered"
    assert case.registration_number.startswith("001/Reg")
    timeline = client.get(url(case)).json()["results"]
    assert [t["to_status"] for t in timeline] == ["received", "initial_review", "registered"]


def test_it_answers_409_when_the_workflow_refuses_the_move(cast):
    case = make_case("32.79")
    response = client_for(cast.sup_a).post(url(case), {"to_status": "sanctioned", "reason": "lompat"}, format="json")
    assert response.status_code == 409
    assert "tidak diizinkan" in response.json()["detail"]
    case.refresh_from_db()
    assert case.status == "received"
    assert CaseTransition.objects.filter(case=case).count() == 1


def test_it_answers_400_with_the_missing_field(cast):
    case = make_case("32.79", status="initial_review")
    response = client_for(cast.sup_a).post(url(case), {"to_status": "registered", "reason": "ok"}, format="json")
    assert response.status_code == 400
    assert "registration_number" in response.json()


def test_it_refuses_unknown_fields_and_bad_values(cast):
    case = make_case("32.79")
    client = client_for(cast.sup_a)
    response = client.post(url(case), {"to_status": "initial_review", "is_admin": True}, format="json")
    assert response.status_code == 400
    assert "is_admin" in response.json()
    response = client.post(url(case), {"to_status": "nonsense"}, format="json")
    assert response.status_code == 400
    assert "to_status" in response.json()
    response = client.post(url(case), {"to_status": "initial_review", "acted_on": "kemarin"}, format="json")
    assert response.status_code == 400
    assert "acted_on" in response.json()
    response = client.post(url(case), ["to_status"], format="json")
    assert response.status_code == 400


def test_it_refuses_a_supervisor_step_to_bkn_with_the_workflows_reason(cast):
    case = make_case("32.79", status="forwarded_bkn", route="bkn")
    response = client_for(cast.bkn).post(url(case), {"to_status": "closed", "reason": "x"}, format="json")
    assert response.status_code == 409
    response = client_for(cast.bkn).post(url(case), {"to_status": "bkn_verification"}, format="json")
    assert response.status_code == 201, response.json()


def test_it_records_the_gakkumdu_file_steps_with_the_court_number(cast):
    case = make_case("32.79", status="forwarded_other", route="gakkumdu")
    client = client_for(cast.sup_a)
    for step in ("gakkumdu_submitted", "gakkumdu_complete"):
        response = client.post(url(case), {"to_status": step, "reason": "berkas penyidikan"}, format="json")
        assert response.status_code == 201, response.json()
    missing = client.post(url(case), {"to_status": "gakkumdu_court", "reason": "dilimpahkan"}, format="json")
    assert missing.status_code == 400 and "court_case_number" in missing.json()
    response = client.post(
        url(case),
        {"to_status": "gakkumdu_court", "reason": "dilimpahkan", "court_case_number": "7/Pid.S/2024/PN Bjr"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    detail = client.get(f"/api/v1/cases/{case.number}/").json()
    assert detail["status"] == "gakkumdu_court"
    assert detail["court_case_number"] == "7/Pid.S/2024/PN Bjr"
    assert detail["gakkumdu_submitted_at"] and detail["gakkumdu_complete_at"] and detail["gakkumdu_court_at"]


def test_it_refuses_gakkumdu_steps_on_another_route(cast):
    case = make_case("32.79", status="forwarded_other", route="kpu")
    response = client_for(cast.sup_a).post(
        url(case), {"to_status": "gakkumdu_submitted", "reason": "berkas"}, format="json"
    )
    assert response.status_code == 409
    assert "Sentra Gakkumdu" in response.json()["detail"]
