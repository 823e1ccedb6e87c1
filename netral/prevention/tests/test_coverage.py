"""Coverage figures on a small fixture computed by hand (units kept apart)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from netral.agencies.models import Unit
from netral.cases.models import Case
from netral.core.context import acting
from netral.prevention import coverage, services
from netral.prevention.models import EventAttendee
from netral.prevention.tests.helpers import make_asn, national_text, nip, pilkada

pytestmark = pytest.mark.django_db


@pytest.fixture
def fixture(cast):
    """Kota Banjar: 10 ASN in two units; 4 signed (a0–a3), listed at an event a3–a6 (a3 both),
    so 7 persons covered. Another event reports 50 participants without a list. One circular
    on 10 Sep 2024; two ASN cases. Purwakarta: 5 ASN, nobody covered, no circular."""
    election = pilkada()
    text = national_text()
    edu = Unit.objects.get(agency=cast.agency_a, name="Dinas Pendidikan")
    health = Unit.objects.create(agency=cast.agency_a, name="Dinas Kesehatan")
    people = [
        make_asn(
            cast.agency_a,
            name=f"ASN {i}",
            identifier=nip("19800101", "200503", "1", 100 + i),
            unit=edu if i < 6 else health,
        )
        for i in range(10)
    ]
    for person in people[:4]:
        services.sign_pledge(person, text, election=election)
    with acting(cast.ppk_a):
        listed = services.create_event(
            cast.ppk_a,
            agency=cast.agency_a,
            kind="ikrar",
            title="Apel ikrar netralitas",
            date=datetime.date(2024, 9, 23),
            place="Halaman Setda",
            participants_count=120,
        )
        EventAttendee.objects.bulk_create([EventAttendee(event=listed, asn=p) for p in people[3:7]])
        services.create_event(
            cast.ppk_a,
            agency=cast.agency_a,
            kind="ikrar",
            title="Ikrar di kecamatan",
            date=datetime.date(2024, 10, 2),
            place="Aula Kecamatan",
            participants_count=50,
        )
        services.create_activity(
            cast.ppk_a,
            agency=cast.agency_a,
            kind="sosialisasi",
            title="Sosialisasi SKB",
            date=datetime.date(2024, 8, 28),
            participants_count=80,
        )
        services.create_circular(
            cast.ppk_a,
            agency=cast.agency_a,
            number="800.1/123/BKPSDM",
            date=datetime.date(2024, 9, 10),
            subject="Netralitas ASN",
            signer_name="Pj Wali Kota",
            signer_title="Penjabat Wali Kota",
        )
    for n in range(2):
        Case.objects.create(
            number=f"T-{n}",
            title="uji",
            region=cast.agency_a.region,
            agency=cast.agency_a,
            election=election,
            subject_kind="asn",
        )
    Case.objects.create(
        number="T-9", title="kades", region=cast.agency_a.region, election=election, subject_kind="kepala_desa"
    )
    for i in range(5):
        make_asn(cast.agency_b, name=f"B {i}", identifier=nip("19800101", "200503", "2", 200 + i))
    return {"election": election, "people": people, "edu": edu, "health": health}


def test_it_counts_persons_once_and_keeps_headcounts_apart(cast, fixture):
    row = coverage.agency_coverage(fixture["election"], cast.agency_a)
    assert (row.asn_total, row.signed, row.attended, row.covered) == (10, 4, 4, 7)
    assert row.share == pytest.approx(0.7)
    assert row.share_percent == 70.0
    # Only the event without an attendee list reports a headcount; 120 of the listed one is not used.
    assert row.reported_participants == 50
    assert row.events == 3  # two mass signings + one socialisation
    assert row.circulars == 1
    assert row.first_circular == datetime.date(2024, 9, 10)
    assert row.days_before_determination == 12  # penetapan 22 Sep 2024
    assert row.days_before_campaign == 15  # kampanye from 25 Sep 2024
    assert row.cases == 2  # the village-head case is not an ASN case
    assert row.cases_per_1000 == 200.0


def test_it_reports_an_agency_without_anything(cast, fixture):
    row = coverage.agency_coverage(fixture["election"], cast.agency_b)
    assert (row.asn_total, row.covered, row.share, row.first_circular, row.cases_per_1000) == (5, 0, 0.0, None, 0.0)
    empty = coverage.agency_coverage(fixture["election"], cast.agency_other)
    assert empty.share is None and empty.cases_per_1000 is None


def test_it_splits_by_unit(cast, fixture):
    rows = {r.label: r for r in coverage.coverage_by_unit(fixture["election"], cast.agency_a)}
    edu, health = rows["Dinas Pendidikan"], rows["Dinas Kesehatan"]
    # a0..a5 in education: signed a0–a3, listed a3–a5 → 6 covered; a6..a9 in health: a6 listed.
    assert (edu.asn_total, edu.covered, health.asn_total, health.covered) == (6, 6, 4, 1)


def test_it_compares_regions(cast, fixture):
    rows = {r.key: r for r in coverage.coverage_by_region(fixture["election"], depth=2)}
    banjar, purwakarta = rows["32.79"], rows["32.14"]
    assert (banjar.asn_total, banjar.covered, banjar.reported_participants, banjar.cases) == (10, 7, 50, 2)
    assert banjar.label == "Kota Banjar" or "Banjar" in banjar.label
    assert (banjar.agencies, banjar.agencies_with_circular) == (1, 1)
    assert (purwakarta.asn_total, purwakarta.covered, purwakarta.agencies_with_circular) == (5, 0, 0)
    province = {r.key: r for r in coverage.coverage_by_region(fixture["election"], depth=1)}["32"]
    assert (province.asn_total, province.covered) == (15, 7)


def test_it_counts_events_per_stage(cast, fixture):
    stages = {(s["stage"].code if s["stage"] else None): s for s in coverage.events_by_stage(fixture["election"])}
    assert stages["nomor-urut"]["pledge_events"] == 1  # 23 Sep 2024
    assert stages["kampanye"]["pledge_events"] == 1  # 2 Oct 2024
    assert sum(s["activities"] for s in stages.values()) == 1


def test_it_shows_the_coverage_page_within_scope(cast, fixture, client):
    client.force_login(cast.ppk_a)
    page = client.get(reverse("prevention:coverage")).content.decode()
    assert "70,0%" in page
    assert "Pemerintah Kabupaten Purwakarta" not in page
    client.force_login(cast.sup_prov)
    page = client.get(reverse("prevention:coverage")).content.decode()
    assert "Pemerintah Kabupaten Purwakarta" in page and "70,0%" in page
    client.force_login(cast.sup_other)
    page = client.get(reverse("prevention:coverage")).content.decode()
    assert "Pemerintah Kota Banjar" not in page


def test_it_shows_the_headline_on_the_index(cast, fixture, client):
    client.force_login(cast.ppk_a)
    response = client.get(reverse("prevention:index"))
    assert response.context["headline"].covered == 7
    assert 'id="coverage-share">70,0%' in response.content.decode()
