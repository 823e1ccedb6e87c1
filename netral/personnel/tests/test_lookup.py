"""Person look-up: typos, titles, order, missing parts, hints; the public endpoint reveals nothing."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
from django.urls import reverse

from netral.personnel import importer
from netral.personnel.generate import nip, person_name
from netral.personnel.lookup import match_person
from netral.personnel.models import ASN, ImportRun
from netral.personnel.names import normalize_name, phonetic_key
from netral.regions.models import Region

TODAY = dt.date(2026, 11, 22)


def seed_registry(cast: Any, extra: list[tuple[str, Any, str, str]], filler: int = 300) -> dict[str, ASN]:
    """`extra` people (name, agency, position, region) plus `filler` random ones, via the batch writer."""
    rng = random.Random(7)
    run = ImportRun.objects.create(file_name="t", file_sha256="t", file_format="csv")
    regions = {r.code: r.pk for r in Region.objects.filter(code__in=["32.79", "32.14", "16.07"])}
    agencies = [(cast.agency_a, "32.79"), (cast.agency_b, "32.14"), (cast.agency_other, "16.07")]
    people = [(n, a, p, r) for n, a, p, r in extra]
    for _ in range(filler):
        agency, region = rng.choice(agencies)
        people.append((person_name(rng, rng.choice("12")), agency, "Pengadministrasi Umum", region))
    rows, seen = [], set()
    for number, (name, agency, position, region) in enumerate(people, start=2):
        ident = nip(rng, TODAY)
        while ident in seen:
            ident = nip(rng, TODAY)
        seen.add(ident)
        rows.append(
            importer.Row(
                number=number,
                identifier=ident,
                employment_type="PNS",
                name=name,
                name_normalized=normalize_name(name),
                birth_date=dt.date(int(ident[:4]), int(ident[4:6]), int(ident[6:8])),
                gender=ident[14],
                position=position,
                position_class="kewilayahan" if position.startswith(("Camat", "Lurah")) else "pelaksana",
                agency_id=agency.pk,
                unit_name="",
                region_id=regions[region],
                region_code=region,
                nik="",
            )
        )
    importer.write_batch(run, rows)
    return {a.name: a for a in ASN.objects.filter(name__in=[p[0] for p in extra])}


@pytest.fixture
def registry(cast: Any) -> dict[str, ASN]:
    return seed_registry(
        cast,
        [
            ("Drs. Edi Hariono M.Si", cast.agency_a, "Camat Pataruman", "32.79"),
            ("Hj. Siti Nurhayati, S.Pd., M.M.", cast.agency_a, "Kepala Dinas Pendidikan", "32.79"),
            ("Ir. Muh. Syamsul Bahri, ST, MBA", cast.agency_b, "Sekretaris Daerah", "32.14"),
            ("Edi Haryanto", cast.agency_other, "Lurah Sukamaju", "16.07"),
            ("Dewi Kartika Sari", cast.agency_b, "Guru Ahli Muda", "32.14"),
        ],
    )


def test_it_folds_spelling_variants_into_one_key() -> None:
    assert phonetic_key("hariono") == phonetic_key("haryono") == "hrn"
    assert phonetic_key("edi") == phonetic_key("eddy") == phonetic_key("edy")
    assert phonetic_key("muhammad") == phonetic_key("mohamad")
    assert normalize_name("Drs. H. Edi Hariono, M.Si") == "edi hariono"
    assert normalize_name("Ir. Muh. Syamsul Bahri, ST, MBA") == "muhammad syamsul bahri"
    assert normalize_name("Hj. Siti Nurhayati, S.Pd., M.M.") == "siti nurhayati"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("edi haryono", "Drs. Edi Hariono M.Si"),
        ("Pak Edi Hariono", "Drs. Edi Hariono M.Si"),
        ("hariono edi", "Drs. Edi Hariono M.Si"),
        ("Eddy Harionno", "Drs. Edi Hariono M.Si"),
        ("bu siti nurhayati", "Hj. Siti Nurhayati, S.Pd., M.M."),
        ("Mohamad Syamsul Bahri", "Ir. Muh. Syamsul Bahri, ST, MBA"),
        ("syamsul bahri", "Ir. Muh. Syamsul Bahri, ST, MBA"),
        ("dewi kartikasari", "Dewi Kartika Sari"),
    ],
)
def test_it_finds_people_as_reporters_write_them(registry: dict[str, ASN], query: str, expected: str) -> None:
    results = match_person(query)
    assert results, query
    assert results[0].asn.name == expected
    assert results[0].score >= 75


def test_it_uses_agency_region_and_position_hints(cast: Any, registry: dict[str, ASN]) -> None:
    everywhere = [c.asn.name for c in match_person("edi har", limit=10)]
    assert {"Drs. Edi Hariono M.Si", "Edi Haryanto"} <= set(everywhere)
    in_banyuasin = match_person("edi haryono", region_code="16.07")
    assert [c.asn.name for c in in_banyuasin][:1] == ["Edi Haryanto"]
    in_banjar = match_person("edi haryanto", agency=cast.agency_a.code)
    assert in_banjar[0].asn.name == "Drs. Edi Hariono M.Si"
    assert "di instansi yang disebut" in in_banjar[0].reasons
    with_position = match_person("edi", agency=cast.agency_a, position="camat")
    assert with_position[0].asn.name == "Drs. Edi Hariono M.Si"
    assert any("jabatan cocok" in r for r in with_position[0].reasons)
    assert match_person("edi hariono", agency="instansi-tidak-ada") == []


def test_it_returns_only_candidates_in_the_callers_scope(cast: Any, registry: dict[str, ASN]) -> None:
    names = [c.asn.name for c in match_person("edi hariono", user=cast.ppk_b, limit=10)]
    assert "Drs. Edi Hariono M.Si" not in names
    names = [c.asn.name for c in match_person("edi hariono", user=cast.sup_a, limit=10)]
    assert names[0] == "Drs. Edi Hariono M.Si" and "Edi Haryanto" not in names


def test_it_shows_staff_the_candidate_list(client: Any, cast: Any, registry: dict[str, ASN]) -> None:
    client.force_login(cast.sup_prov)
    response = client.get(reverse("personnel:lookup"), {"name": "edi haryono", "position": "camat"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Apakah yang Anda maksud" in body and "Drs. Edi Hariono M.Si" in body and "Camat Pataruman" in body
    assert "Edi Haryanto" not in body  # Banyuasin is outside Jawa Barat
    client.force_login(cast.analyst_a)
    assert client.get(reverse("personnel:lookup"), {"name": "edi"}).status_code == 403


def test_it_tells_the_public_only_whether_a_match_exists(client: Any, cast: Any, registry: dict[str, ASN]) -> None:
    url = reverse("personnel:public_match")
    response = client.get(url, {"nama": "Pak Edi Haryono", "instansi": cast.agency_a.code})
    data = response.json()
    assert response.status_code == 200 and data["match"] is True
    assert "Ya, ada data yang cocok" in data["message"]
    body = response.content.decode()
    asn = registry["Drs. Edi Hariono M.Si"]
    for secret in ("Hariono", asn.identifier, "Camat", "Pataruman", "Kota Banjar"):
        assert secret not in body
    assert client.get(url, {"nama": "Zulkarnaen Pohan", "instansi": cast.agency_a.code}).json()["match"] is False
    assert client.get(url, {"nama": "edi hariono"}).status_code == 400  # no agency/region: no national fishing
    htmx = client.get(url, {"nama": "edi hariono", "wilayah": "3279"}, HTTP_HX_REQUEST="true")
    assert "Ya, ada data yang cocok" in htmx.content.decode() and "Hariono" not in htmx.content.decode()


def test_it_rate_limits_the_public_match(client: Any, cast: Any, registry: dict[str, ASN], settings: Any) -> None:
    settings.PERSON_MATCH_RATE = 3
    url = reverse("personnel:public_match")
    codes = [client.get(url, {"nama": "edi", "instansi": cast.agency_a.code}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
