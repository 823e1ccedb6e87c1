"""Turning an item into a finding (temuan): supervisors only, pre-filled, opens a case."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from netral.cases.models import Case
from netral.monitoring import services
from netral.monitoring.ingest import RawItem
from netral.monitoring.models import Item
from netral.monitoring.tests.conftest import BANJAR
from netral.reports.choices import ReportKind
from netral.reports.models import Report

pytestmark = pytest.mark.django_db

URL = "https://www.facebook.com/warga.banjar/posts/123"


@pytest.fixture
def item(cast: Any, submit: Any) -> Item:
    published = datetime.datetime(2024, 10, 3, 9, 0, tzinfo=datetime.UTC)
    raw = RawItem(external_id="fb-1", title="Camat ikut kampanye", text=BANJAR, url=URL, published_at=published)
    batch = submit(cast.analyst_a, [raw])
    return Item.objects.get(batch=batch)


def test_it_refuses_a_finding_to_an_analyst(client: Any, cast: Any, item: Item) -> None:
    client.force_login(cast.analyst_a)
    html = client.get(reverse("monitoring:item", args=[item.pk])).content.decode()
    assert "Jadikan temuan" not in html
    assert client.get(reverse("monitoring:finding", args=[item.pk])).status_code == 403
    resp = client.post(
        reverse("monitoring:finding", args=[item.pk]),
        {"subject_kind": "asn", "subject_name": "X", "description": "x", "region": "32.79", "known_on": "2024-10-03"},
    )
    assert resp.status_code == 403
    with pytest.raises(PermissionDenied):
        services.create_finding(cast.analyst_a, item, {"subject_name": "X", "description": "x"})
    assert not Report.objects.exists()


def test_it_prefills_the_finding_form(client: Any, cast: Any, item: Item) -> None:
    client.force_login(cast.sup_a)
    assert "Jadikan temuan" in client.get(reverse("monitoring:item", args=[item.pk])).content.decode()
    resp = client.get(reverse("monitoring:finding", args=[item.pk]))
    assert resp.status_code == 200
    form = resp.context["form"]
    assert form["subject_position"].value() == "camat"
    assert "Camat" in form["subject_name"].value()
    assert form["region"].value() == "32.79"
    assert form["description"].value().startswith("Camat ikut kampanye\n\nSeorang camat di Kota Banjar")
    assert form["link"].value() == URL
    assert str(form["known_on"].value()) == "2024-10-03"


def test_it_creates_a_finding_and_opens_a_case(client: Any, cast: Any, item: Item) -> None:
    client.force_login(cast.sup_a)
    resp = client.post(
        reverse("monitoring:finding", args=[item.pk]),
        {
            "subject_kind": "asn",
            "subject_name": "Camat Contoh",
            "subject_position": "camat",
            "description": "Camat diduga ikut kampanye pasangan calon dan mengunggah dukungan.",
            "region": "32.79",
            "occurred_on": "2024-10-02",
            "known_on": "2024-10-03",
            "link": URL,
        },
    )
    assert resp.status_code == 302, resp.content.decode()[:2000]
    item.refresh_from_db()
    report = item.finding
    assert report is not None and report.kind == ReportKind.FINDING
    assert report.found_by == cast.sup_a and report.region.code == "32.79"
    assert report.subject_name == "Camat Contoh" and report.occurred_on == datetime.date(2024, 10, 2)
    assert URL in report.links
    assert report.case is not None and Case.objects.filter(pk=report.case_id).exists()
    assert resp["Location"] == reverse("cases:detail", kwargs={"number": report.case.number})
    detail = client.get(reverse("monitoring:item", args=[item.pk])).content.decode()
    assert "Sudah dijadikan temuan" in detail and report.case.number in detail
    # Once only.
    again = client.get(reverse("monitoring:finding", args=[item.pk]))
    assert again.status_code == 302
    assert Report.objects.count() == 1


def test_it_refuses_a_region_outside_the_supervisors_area(client: Any, cast: Any, item: Item) -> None:
    client.force_login(cast.sup_a)
    resp = client.post(
        reverse("monitoring:finding", args=[item.pk]),
        {"subject_kind": "asn", "subject_name": "X", "description": "x", "region": "16.07", "known_on": "2024-10-03"},
    )
    assert resp.status_code == 200 and resp.context["form"].errors["region"]
    assert not Report.objects.exists()
