"""Approved campaign venues: fuzzy matching within the decree's period, page and JSON."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from netral.core.context import acting
from netral.prevention import services
from netral.prevention.venues import is_approved_venue, normalize_place

pytestmark = pytest.mark.django_db


@pytest.fixture
def decree(cast):
    with acting(cast.ppk_a):
        decree = services.create_decree(
            cast.ppk_a,
            agency=cast.agency_a,
            number="100.3.3.2/Kep.45-Huk/2024",
            date=datetime.date(2024, 9, 20),
            title="Penetapan lokasi kampanye Pemilihan Wali Kota Banjar 2024",
            period_start=datetime.date(2024, 9, 25),
            period_end=datetime.date(2024, 11, 23),
        )
        for name in ("Lapangan Merdeka Kota Banjar", "Gedung Dakwah Islamiyah", "Alun-alun Kota Banjar"):
            services.add_venue(cast.ppk_a, decree, name=name)
    return decree


def test_it_normalises_abbreviations():
    assert normalize_place("Lap. Merdeka, Kota Banjar") == "lapangan merdeka kota banjar"
    assert normalize_place("GD. Dakwah") == "gedung dakwah"


def test_it_matches_variants_of_an_approved_venue(decree):
    day = datetime.date(2024, 10, 1)
    for place in ("lap. Merdeka", "Lapangan Merdeka", "alun alun kota banjar", "Gd Dakwah Islamiyah"):
        approved, matches = is_approved_venue("32.79", place, day)
        assert approved, place
        assert matches[0].decree_number == decree.number


def test_it_refuses_places_not_on_the_list(decree):
    day = datetime.date(2024, 10, 1)
    for place in ("Lapangan Sepak Bola Desa Mekarsari", "Lapangan", "Gedung Serbaguna Kecamatan Pataruman"):
        approved, matches = is_approved_venue("32.79", place, day)
        assert not approved, (place, matches[:1])
    assert is_approved_venue("32.79", "", day) == (False, [])


def test_it_respects_the_decree_period_and_region(decree):
    assert is_approved_venue("32.79", "Lapangan Merdeka", datetime.date(2024, 9, 24))[0] is False
    assert is_approved_venue("32.79", "Lapangan Merdeka", datetime.date(2024, 11, 24))[0] is False
    assert is_approved_venue("32.79.01", "Lapangan Merdeka", datetime.date(2024, 11, 23))[0] is True
    assert is_approved_venue("32.14", "Lapangan Merdeka", datetime.date(2024, 10, 1)) == (False, [])


def test_it_answers_json_for_the_case_screens(cast, decree, client):
    client.force_login(cast.sup_a)
    url = reverse("prevention:venue_check")
    data = client.get(url, {"region": "32.79", "place": "lap merdeka", "date": "2024-10-05"}).json()
    assert data["approved"] is True
    assert data["matches"][0]["name"] == "Lapangan Merdeka Kota Banjar"
    assert data["matches"][0]["decree_number"] == decree.number
    data = client.get(url, {"region": "32.79", "place": "Pasar Induk", "date": "2024-10-05"}).json()
    assert data["approved"] is False
    bad = client.get(url, {"region": "99.99", "place": "", "date": "kemarin"})
    assert bad.status_code == 400
    assert set(bad.json()["errors"]) == {"region", "place", "date"}


def test_it_needs_a_login_for_json(decree, client):
    response = client.get(reverse("prevention:venue_check"), {"region": "32.79", "place": "x"})
    assert response.status_code == 302


def test_it_shows_the_region_venue_page(cast, decree, client):
    client.force_login(cast.sup_a)
    page = client.get(
        reverse("prevention:venues", args=["32.79"]), {"place": "Lapangan Pasar Minggu", "date": "2024-10-05"}
    ).content.decode()
    assert "Lapangan Merdeka Kota Banjar" in page
    assert "tidak tercantum" in page
    client.force_login(cast.sup_other)
    page = client.get(reverse("prevention:venues", args=["32.79"]), {"date": "2024-10-05"}).content.decode()
    assert "Lapangan Merdeka Kota Banjar" not in page  # another region's decree is out of scope
