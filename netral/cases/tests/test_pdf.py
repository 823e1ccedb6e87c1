"""The case file and the recommendation letter (PDF): scoped like the case, evidence hashes from reports."""

from __future__ import annotations

from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from netral.accounts.models import User
from netral.cases import views
from netral.cases.tests.helpers import make_case, to_recommended
from netral.reports.models import Evidence, Report
from netral.testing import PASSWORD

pytestmark = pytest.mark.django_db


def _client(client: Any, user: User) -> Any:
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_the_case_file_is_a_pdf_for_whoever_sees_the_case(client: Any, cast: Any) -> None:
    case = make_case(region_code="32.79", agency=cast.agency_a)
    r = _client(client, cast.sup_a).get(reverse("cases:pdf", args=[case.number]))
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    client.logout()
    assert _client(client, cast.sup_b).get(reverse("cases:pdf", args=[case.number])).status_code == 404
    assert client.get("/statistik/perkara/" + case.number + ".pdf").status_code == 301  # the old address


def test_the_case_file_lists_the_evidence_hashes_the_user_may_see(cast: Any) -> None:
    case = make_case(region_code="32.79", agency=cast.agency_a)
    report = Report.objects.get(case=case)
    Evidence.objects.create(report=report, kind="photo", original_name="foto.jpg", sha256="ab" * 32, size=10)
    request = RequestFactory().get("/")
    request.user = cast.sup_a
    html = render_to_string("cases/pdf/case.html", views._file_context(request, case.number), request=request)
    assert "ab" * 32 in html and "foto.jpg" in html
    assert "Pelapor Rahasia" not in html  # the reporter is never in the file


def test_the_old_recommendation_address_leads_to_the_issued_letter(client: Any, cast: Any) -> None:
    """The letter is the letters app's now (numbered, stored once); the old PDF address redirects there."""
    case = make_case(region_code="32.79", agency=cast.agency_a)
    c = _client(client, cast.sup_a)
    r = c.get(reverse("cases:recommendation_pdf", args=[case.number]))
    assert r.status_code == 301 and r["Location"] == f"/surat/perkara/{case.number}/rekomendasi/"
    assert c.get(r["Location"]).status_code == 404  # not recommended: no letter, nothing to issue
    to_recommended(case, cast)
    c = _client(client, cast.bkn)
    c.post(r["Location"])
    r = c.get(r["Location"])
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
