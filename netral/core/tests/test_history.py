"""The audit trail as pages: the "Riwayat perubahan" tab (scoped like its object), the full
history of one object, and the administrators' filterable view with its CSV export."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client

from netral.cases.tests.helpers import make_case, walk
from netral.core import audit
from netral.core.models import ObjectChange
from netral.reports.services import reveal_reporter

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_the_case_page_shows_its_history_tab_with_the_changes(cast: Any) -> None:
    case = walk(make_case(), [("initial_review", cast.sup_a, {})])
    html = _client(cast.sup_a).get(f"/perkara/{case.number}/").content.decode()
    assert 'id="riwayat"' in html and "Riwayat perubahan" in html
    assert "sup_banjar" in html
    entry = ObjectChange.objects.filter(object_type="cases.case", object_id=str(case.pk), action="update").first()
    assert entry is not None


def test_viewing_a_reporters_identity_appears_in_the_reports_history(cast: Any) -> None:
    case = make_case()
    report = case.reports.first()
    assert report is not None
    reveal_reporter(cast.sup_a, report)
    html = _client(cast.sup_a).get(f"/riwayat/reports.report/{report.pk}/").content.decode()
    assert 'data-action="view_pii"' in html and "data pribadi dilihat" in html
    assert "Pelapor Rahasia" not in html and "081234567890" not in html


def test_another_regions_object_has_no_history_for_you(cast: Any) -> None:
    case = make_case()
    outsider = _client(cast.sup_b)
    assert outsider.get(f"/riwayat/cases.case/{case.pk}/").status_code == 404
    assert outsider.get("/riwayat/cases.case/bukan-angka/").status_code == 404
    assert outsider.get("/riwayat/tidak.ada/1/").status_code == 404
    assert _client(cast.sup_a).get(f"/riwayat/cases.case/{case.pk}/").status_code == 200


def test_an_accounts_history_is_for_its_managers_and_itself(cast: Any) -> None:
    url = f"/riwayat/accounts.user/{cast.panwascam_a.pk}/"
    assert _client(cast.sup_a).get(url).status_code == 404  # not a head
    cast.sup_a.is_head = True
    cast.sup_a.save()
    assert _client(cast.sup_a).get(url).status_code == 200
    assert _client(cast.panwascam_a).get(url).status_code == 200
    assert _client(cast.analyst_a).get(url).status_code == 404


def test_the_global_view_is_for_administrators_and_filters(cast: Any) -> None:
    case = walk(make_case(), [("initial_review", cast.sup_a, {})])
    other = make_case(region_code="32.14")
    admin = _client(cast.admin)
    assert _client(cast.sup_ri).get("/riwayat/").status_code == 404
    html = admin.get("/riwayat/", {"object_type": "cases.case", "user": "sup_banjar"}).content.decode()
    assert f"cases.case #{case.pk}" in html and f"cases.case #{other.pk}" not in html
    entry = ObjectChange.objects.filter(object_id=str(case.pk), object_type="cases.case").first()
    assert entry is not None
    by_rid = admin.get("/riwayat/", {"request_id": entry.request_id}).content.decode()
    assert f"cases.case #{case.pk}" in by_rid
    html = admin.get("/riwayat/", {"action": "view_pii"}).content.decode()
    assert f"cases.case #{case.pk}" not in html
    assert admin.get("/riwayat/", {"date_from": "bukan-tanggal", "action": "x" * 500}).status_code == 200


def test_the_csv_export_follows_the_filters_and_neutralises_formulas(cast: Any) -> None:
    case = make_case(name='=HYPERLINK("http://x")')
    audit.log_event("cases.case", str(case.pk), "=1+1", ObjectChange.Action.REFUSE, {"reason": "uji"}, user=cast.admin)
    response = _client(cast.admin).get("/riwayat/ekspor.csv", {"object_type": "cases.case"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][:4] == ["time", "user", "request_id", "action"]
    assert all(r[4] == "cases.case" for r in rows[1:])
    reprs = [r[6] for r in rows[1:]]
    assert "'=1+1" in reprs and not any(r.startswith("=") for r in reprs)
    assert _client(cast.sup_a).get("/riwayat/ekspor.csv").status_code == 404


def test_a_foreign_key_is_shown_by_its_name(cast: Any) -> None:
    before = audit.snapshot(cast.panwascam_a)
    cast.panwascam_a.region = cast.sup_a.region
    cast.panwascam_a.save()
    audit.log_change(cast.panwascam_a, ObjectChange.Action.UPDATE, before, user=cast.admin)
    html = _client(cast.admin).get(f"/riwayat/accounts.user/{cast.panwascam_a.pk}/").content.decode()
    assert f"Banjar (#{cast.sup_a.region_id})" in html
