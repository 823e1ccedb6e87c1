"""Date parsing forms, yearless dates, and stages from the reference calendars."""

from __future__ import annotations

import datetime as dt

import pytest

from netral_nlp import analyze
from netral_nlp.dates import best_date, elections, find_dates, pick_election, stage_on


def date_of(text: str) -> str | None:
    res = analyze(text)
    return res.event_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ASN Kota Contoh mengikuti apel netralitas Pilkada, Selasa (17/09/2024).", "2024-09-17"),
        ("Camat diduga ikut kampanye paslon pada Kamis (22/8/2024) di lapangan.", "2024-08-22"),
        ("Penandatanganan pakta integritas netralitas ASN jelang Pemilu digelar Rabu 11 Oktober 2023.", "2023-10-11"),
        ("Bawaslu menerima laporan dugaan ASN tidak netral di pilkada pada 17/9/2024.", "2024-09-17"),
        ("Pada Pilkada 2024, seorang ASN diduga ikut kampanye paslon, Selasa (1/10).", "2024-10-01"),
    ],
)
def test_date_forms(text: str, expected: str) -> None:
    assert date_of(text) == expected


def test_yearless_date_without_year_context_is_null() -> None:
    assert date_of("Seorang camat diduga ikut kampanye paslon di pilkada, Selasa (1/10).") is None


def test_yearless_date_with_wrong_weekday_is_null() -> None:
    # 1 October 2024 is a Tuesday, not a Friday.
    assert date_of("Pada Pilkada 2024 seorang ASN diduga ikut kampanye paslon, Jumat (1/10).") is None


def test_voting_day_is_not_the_act_date() -> None:
    low = "pemungutan suara pada 27 november 2024. apel digelar senin (19/8/2024)."
    best = best_date(
        find_dates(
            low, [(low.index("november"), low.index("november") + 8, "november")], frozenset({dt.date(2024, 11, 27)})
        )
    )
    assert best is not None and best.date == dt.date(2024, 8, 19)


def test_calendars_read_from_reference() -> None:
    codes = {e.code for e in elections()}
    assert {"pilkada2024", "pemilu2024", "pilkada2020", "pemilu2019"} <= codes


@pytest.mark.parametrize(
    ("kind", "date", "expected"),
    [
        ("pilkada", "2024-10-15", "pilkada2024:kampanye"),
        ("pilkada", "2024-11-25", "pilkada2024:masa-tenang"),
        ("pilkada", "2024-09-10", "pilkada2024:pencalonan"),
        ("pemilu", "2024-01-10", "pemilu2024:kampanye"),
        ("pemilu", "2019-04-17", "pemilu2019:pemungutan"),
        ("pilkada", "2020-10-20", "pilkada2020:kampanye"),
    ],
)
def test_stage_from_calendar(kind: str, date: str, expected: str) -> None:
    d = dt.date.fromisoformat(date)
    e = pick_election(kind, [], d)
    assert e is not None
    assert f"{e.code}:{stage_on(e, d)}" == expected


def test_stage_in_analysis() -> None:
    res = analyze(
        "Seorang camat di Kabupaten Bogor diduga ikut kampanye paslon bupati pada Pilkada 2024, Senin (14/10/2024)."
    )
    assert res.stage == "pilkada2024:kampanye"


def test_unclear_election_gives_null_stage() -> None:
    res = analyze("Seorang camat diduga tidak netral dan ikut kampanye calon tertentu, kata warga.")
    assert res.stage is None


def test_a_statement_date_dates_a_violation_only_when_no_other_date_is_told() -> None:
    """The labels' convention: the act's date, else the date of the statement or report."""
    text = (
        "Seorang camat di Kabupaten Contoh diduga ikut kampanye paslon pada Pilkada 2024 dan dilaporkan ke "
        "Bawaslu. \u201cKami sedang memproses laporan itu,\u201d kata Ketua Bawaslu kepada wartawan, Senin (7/10/2024)."
    )
    res = analyze(text)
    assert res.kind == "violation"
    assert res.event_date == "2024-10-07"


def test_act_date_kept_next_to_a_statement_date() -> None:
    text = (
        "Seorang camat di Kabupaten Contoh diduga ikut kampanye paslon pada Pilkada 2024, Sabtu (5/10/2024). "
        "\u201cKami sedang memproses laporan itu,\u201d kata Ketua Bawaslu kepada wartawan, Senin (7/10/2024)."
    )
    assert analyze(text).event_date == "2024-10-05"


def test_citation_date_after_site_name_is_dropped() -> None:
    mentions = find_dates("pemilu 2024 berjalan (kompas.com, 19/11/2023).", [])
    assert best_date(mentions) is None


def test_statement_flag_only_within_the_sentence() -> None:
    lower = "kata dia. asn ikut kampanye pada selasa (1/10/2024) di lapangan."
    (m,) = find_dates(lower, [])
    assert not m.statement
    assert best_date([m], skip_statements=True) == m


def test_a_negative_text_is_dated_too() -> None:
    res = analyze("Pemkab Contoh membuka pendaftaran CPNS dan PPPK 2024 pada Senin (2/9/2024), kata Kepala BKPSDM.")
    assert res.kind == "negative"
    assert res.event_date == "2024-09-02"


def test_a_page_stamp_with_a_clock_time_is_chrome() -> None:
    lower = "kamis, 5 september 2024 | 10:35 wib\nbawaslu mengimbau asn netral, rabu (4/9/2024)."
    best = best_date(find_dates(lower, []))
    assert best is not None and best.date.isoformat() == "2024-09-04"


def test_in_a_case_the_date_of_the_act_beats_the_date_of_a_handling_step() -> None:
    text = (
        "Bawaslu Kabupaten Contoh meneruskan rekomendasi ke BKN pada Jumat (18/10/2024). Rekaman itu dibuat "
        "pada Senin (14/10/2024), saat camat mengarahkan para kepala desa memilih calon bupati nomor 2."
    )
    assert analyze(text).event_date == "2024-10-14"


def test_regulation_years_are_not_text_years() -> None:
    from netral_nlp.dates import text_years

    assert text_years("sesuai pp nomor 94 tahun 2021 dan uu no. 5 tahun 2014, asn wajib netral.") == []
    assert text_years("sesuai pp nomor 94 tahun 2021, asn wajib netral di pilkada 2024.") == [2024]


def test_it_does_not_date_a_violation_by_a_missing_response() -> None:
    lower = (
        "camat itu diduga memakai aula kantor untuk pertemuan pendukung paslon. "
        "camat tersebut tidak memberikan jawaban saat dihubungi, rabu (16/10/2024)."
    )
    (m,) = find_dates(lower, [])
    assert m.statement
    other = find_dates("camat itu terekam hadir di kampanye paslon, selasa (15/10/2024).", [])
    assert best_date([m, *other], skip_statements=True) == other[0]  # any other date first
    assert best_date([m], skip_statements=True) == m  # the response date as the last resort


def test_it_does_not_date_a_violation_by_an_announced_decision() -> None:
    lower = "bawaslu masih memeriksa kades itu dan putusan nanti diumumkan paling lambat 9/1/2024."
    (m,) = find_dates(lower, [])
    assert m.future
    assert best_date([m], skip_statements=True) is None
    assert best_date([m]) == m  # an appeal or schedule text may still be dated by it


def test_it_keeps_a_cited_report_date_with_a_weekday() -> None:
    lower = "asn diminta netral, kata ketua bawaslu, dilansir dari contohberita.com, kamis (17/9/2020)."
    (m,) = find_dates(lower, [])
    assert m.weight > 0 and m.statement
    assert best_date([m]) == m


def test_it_reads_a_weekday_with_a_time_of_day() -> None:
    (m,) = find_dates("camat itu hadir dalam kampanye paslon pada senin sore (7/10/2024).", [])
    assert m.weight == 3.0 and m.date == dt.date(2024, 10, 7)
    (m,) = find_dates("pada minggu dini hari (24/11/2024) amplop dibagikan.", [])
    assert m.weight == 3.0


def test_it_reads_past_an_initial_in_a_speakers_name() -> None:
    (m,) = find_dates("hal itu disampaikan kepala bagian m. yusuf, senin (25/11/2019).", [])
    assert m.statement
