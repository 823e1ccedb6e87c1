"""Reference data: 38 provinces, 514 regencies/cities, 545 Pilkada 2024 contests, stage by date."""

import datetime

import pytest

from netral.regions.calendar import election_for, stage_at
from netral.regions.models import Contest, Election, Region
from netral.regions.services import load_reference

pytestmark = pytest.mark.django_db


def test_it_loads_every_province_and_regency_with_kemendagri_codes() -> None:
    assert Region.objects.filter(level=1).count() == 38
    assert Region.objects.filter(level=2).count() == 514
    assert Region.objects.get(code="32.79").name == "Kota Banjar"
    assert Region.objects.get(code="32.79").parent.code == "32"
    assert Region.objects.filter(level=3).count() > 7000


def test_it_builds_545_contests_without_yogyakarta_governor_or_jakarta_cities() -> None:
    contests = Contest.objects.filter(election__code="pilkada2024")
    assert contests.count() == 545
    assert not contests.filter(region__code="34", office="gubernur").exists()
    assert not contests.filter(region__code__startswith="31.").exists()
    assert contests.filter(region__code="31", office="gubernur").exists()
    assert contests.get(region__code="32.79").office == "walikota"
    assert contests.get(region__code="32.14").office == "bupati"


def test_it_is_idempotent() -> None:
    before = (Region.objects.count(), Contest.objects.count())
    load_reference()
    assert (Region.objects.count(), Contest.objects.count()) == before


@pytest.mark.parametrize(
    ("day", "stage"),
    [
        ("2024-08-26", "pengumuman-pendaftaran"),
        ("2024-08-27", "pendaftaran"),
        ("2024-08-29", "pendaftaran"),
        ("2024-08-30", "penelitian-syarat"),
        ("2024-09-22", "penetapan"),
        ("2024-09-24", "pembentukan-badan-adhoc"),  # between the draw and the campaign
        ("2024-05-10", "syarat-perseorangan"),
        ("2024-09-25", "kampanye"),
        ("2024-11-23", "kampanye"),
        ("2024-11-24", "masa-tenang"),
        ("2024-11-27", "pemungutan"),
        ("2024-11-28", "rekapitulasi"),
        ("2024-12-16", "rekapitulasi"),
        ("2024-12-17", None),
    ],
)
def test_it_answers_which_stage_a_date_was_in(day: str, stage: str | None) -> None:
    found = stage_at("pilkada2024", datetime.date.fromisoformat(day))
    assert (found.code if found else None) == stage


def test_vulnerable_stages_are_marked() -> None:
    vulnerable = set(
        Election.objects.get(code="pilkada2024").stages.filter(vulnerable=True).values_list("code", flat=True)
    )
    assert vulnerable == {"pendaftaran", "kampanye", "pemungutan", "rekapitulasi"}


def test_it_finds_the_election_of_a_date_and_the_recommending_body() -> None:
    assert election_for(datetime.date(2024, 1, 10)).code == "pemilu2024"
    assert election_for(datetime.date(2024, 10, 1)).code == "pilkada2024"
    pilkada = Election.objects.get(code="pilkada2024")
    assert pilkada.recommending_body_on(datetime.date(2024, 8, 23)) == "KASN"
    assert pilkada.recommending_body_on(datetime.date(2024, 8, 24)) == "BKN"
