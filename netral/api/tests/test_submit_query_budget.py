"""The SQL a public submission costs stays within its budget (issue 10 part 2; see
``benchmarks/bench_submit.py``): the target is 15 statements for the API and for the form POST.
Each budget is today's measured cost (below the target), so a change that adds statements fails here."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from netral.regions.models import Region
from netral.reports.models import Report

TARGET = 15
API_BUDGET = 10  # measured on SQLite: rate-limit counter, BEGIN, the case number, case, transition,
# outbox, report, evidence, audit rows, COMMIT
FORM_BUDGET = 14  # measured on SQLite: quota counters (attempt, browser, address), the form token
# check, then the write as above plus the form token; no session write, no region lookup
FORM_GET_BUDGET = 0  # a blank form for a visitor without a session: the choices come from the cache


def _body() -> dict[str, Any]:
    today = datetime.date.today().isoformat()
    return {
        "subject_kind": "asn",
        "subject_name": "Pegawai Uji",
        "description": "Camat mengunggah ajakan memilih salah satu pasangan calon di akun media sosialnya.",
        "known_on": today,
        "occurred_on": today,
        "place": "Akun Facebook",
        "identity": "named",
        "reporter_name": "Pelapor Uji",
        "reporter_address": "Jl. Uji 1",
        "reporter_category": "pemilih",
    }


def _show(queries: CaptureQueriesContext) -> str:
    return "\n".join(q["sql"][:140] for q in queries.captured_queries)


def test_the_budgets_are_within_the_target() -> None:
    assert max(API_BUDGET, FORM_BUDGET) <= TARGET


@pytest.mark.django_db(transaction=False)
def test_one_api_submission_stays_within_the_query_budget(django_assert_max_num_queries: Any) -> None:
    body = {**_body(), "region": "32.79", "links": ["https://facebook.example/posts/1"]}
    client = Client()
    # The first submission fills the process caches and creates the year's case-number counter.
    assert client.post("/api/v1/public/reports/", body, content_type="application/json").status_code == 201
    body["subject_name"] = "Pegawai Uji Kedua"
    with django_assert_max_num_queries(API_BUDGET):
        response = client.post("/api/v1/public/reports/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    report = Report.objects.get(subject_name="Pegawai Uji Kedua")
    assert report.case is not None and report.evidence.count() == 1


@pytest.mark.django_db(transaction=False)
def test_one_form_submission_and_the_blank_form_stay_within_the_query_budget(
    django_assert_max_num_queries: Any,
) -> None:
    region = Region.objects.get(code="32.79")
    client = Client(enforce_csrf_checks=True)
    assert client.get("/laporan/baru/").status_code == 200  # the first visit fills the process caches
    with django_assert_max_num_queries(FORM_GET_BUDGET):
        page = client.get("/laporan/baru/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.content)
    assert token is not None
    form = {
        **_body(),
        "province": str(region.parent_id),
        "region": str(region.pk),
        "links_text": "https://facebook.example/posts/1",
        "csrfmiddlewaretoken": token.group(1).decode(),
    }
    first = client.post("/laporan/baru/", {**form, "client_token": "budget-token-0000000001"})
    assert first.status_code == 302, first.content[:2000]
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            "/laporan/baru/", {**form, "subject_name": "Pegawai Form Kedua", "client_token": "budget-token-0000000002"}
        )
    assert response.status_code == 302, response.content[:2000]
    assert len(queries) <= FORM_BUDGET, _show(queries)
    report = Report.objects.get(subject_name="Pegawai Form Kedua")
    assert report.case is not None and report.evidence.count() == 1
