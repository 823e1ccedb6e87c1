"""NIP / NI PPPK validation: examples plus property tests over generated identifiers."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netral.personnel.identifiers import (
    IdentifierError,
    NipInfo,
    accepted_many,
    clean_identifier,
    format_nip,
    parse_ni_pppk,
    parse_nip,
    validate_identifier,
)

TODAY = dt.date(2026, 11, 22)


@st.composite
def valid_nips(draw: st.DrawFn) -> str:
    born = draw(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2006, 1, 1)))
    earliest = dt.date(born.year + 18, born.month, 1)
    months = (TODAY.year - earliest.year) * 12 + TODAY.month - earliest.month
    offset = draw(st.integers(min_value=0, max_value=months))
    year, month = earliest.year + (earliest.month - 1 + offset) // 12, (earliest.month - 1 + offset) % 12 + 1
    gender = draw(st.sampled_from("12"))
    serial = draw(st.integers(min_value=1, max_value=999))
    return f"{born:%Y%m%d}{year:04d}{month:02d}{gender}{serial:03d}"


def test_it_parses_the_bkn_example_with_spaces() -> None:
    info = parse_nip("19860926 201505 1 001", today=TODAY)
    assert info == NipInfo(
        nip="198609262015051001", birth_date=dt.date(1986, 9, 26), tmt=dt.date(2015, 5, 1), gender="1", serial=1
    )
    assert info.is_male
    assert parse_nip("19860926.201505.1.001", today=TODAY).nip == "198609262015051001"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("1986092620150510", "length"),
        ("19860926201505100", "length"),
        ("1986092620150510011", "length"),
        ("19860926201505100A", "non_digit"),
        ("", "empty"),
        ("198602302015051001", "birth_date"),  # 30 February
        ("198613012015051001", "birth_date"),  # month 13
        ("203001012015051001", "birth_date"),  # born in the future
        ("198609262015001001", "tmt_month"),
        ("198609262015131001", "tmt_month"),
        ("198609262030051001", "tmt_future"),
        ("198609262000051001", "tmt_too_early"),  # appointed at 13
        ("198609262015053001", "gender"),
        ("198609262015051000", "serial"),
    ],
)
def test_it_rejects_bad_nips_with_a_precise_reason(value: str, code: str) -> None:
    with pytest.raises(IdentifierError) as exc:
        parse_nip(value, today=TODAY)
    assert exc.value.code == code
    assert isinstance(exc.value, ValueError)
    assert str(exc.value)  # an Indonesian sentence for the user


def test_it_accepts_appointment_in_the_month_of_the_18th_birthday() -> None:
    assert parse_nip("200005202018051001", today=TODAY).tmt == dt.date(2018, 5, 1)
    with pytest.raises(IdentifierError):
        parse_nip("200005202018041001", today=TODAY)


def test_it_checks_ni_pppk_birth_date_and_gender_only() -> None:
    # Positions 9-14 are not parsed: "202199" would be an impossible month in a NIP.
    info = parse_ni_pppk("199001152021992002", today=TODAY)
    assert info.birth_date == dt.date(1990, 1, 15)
    assert info.gender == "2"
    assert info.middle == "202199"
    with pytest.raises(IdentifierError) as exc:
        parse_ni_pppk("199002302021992002", today=TODAY)
    assert exc.value.code == "birth_date"
    with pytest.raises(IdentifierError) as exc:
        parse_ni_pppk("199001152021995002", today=TODAY)
    assert exc.value.code == "gender"


def test_it_validates_by_employment_type() -> None:
    assert validate_identifier("198609262015051001", "pns", today=TODAY).birth_date.year == 1986
    assert validate_identifier("198609262015051001", "CPNS", today=TODAY).gender == "1"
    assert validate_identifier("199001152021992002", "PPPK", today=TODAY).gender == "2"
    with pytest.raises(IdentifierError) as exc:
        validate_identifier("198609262015051001", "honorer", today=TODAY)
    assert exc.value.code == "employment_type"
    with pytest.raises(IdentifierError):  # a PPPK number with an odd middle is not a NIP
        validate_identifier("199001152021992002", "PNS", today=TODAY)


def test_it_formats_nips_like_bkn() -> None:
    assert format_nip("198609262015051001") == "19860926 201505 1 001"
    assert format_nip(" 19860926-201505-1-001 ") == "19860926 201505 1 001"
    assert format_nip("123") == "123"


@settings(max_examples=300, deadline=None)
@given(valid_nips())
def test_it_round_trips_valid_generated_nips(nip: str) -> None:
    info = parse_nip(nip, today=TODAY)
    rebuilt = f"{info.birth_date:%Y%m%d}{info.tmt:%Y%m}{info.gender}{info.serial:03d}"
    assert rebuilt == nip
    assert parse_nip(format_nip(nip), today=TODAY) == info
    assert clean_identifier(format_nip(nip)) == nip


@settings(max_examples=300, deadline=None)
@given(valid_nips(), st.sampled_from("03456789"))
def test_it_rejects_any_corruption_of_the_gender_digit(nip: str, digit: str) -> None:
    corrupted = nip[:14] + digit + nip[15:]
    with pytest.raises(IdentifierError) as exc:
        parse_nip(corrupted, today=TODAY)
    assert exc.value.code == "gender"
    with pytest.raises(IdentifierError):
        parse_ni_pppk(corrupted, today=TODAY)


@settings(max_examples=300, deadline=None)
@given(
    valid_nips(),
    st.integers(min_value=1900, max_value=2005),
    st.integers(min_value=0, max_value=99),
    st.integers(min_value=0, max_value=99),
)
def test_it_rejects_impossible_birth_dates(nip: str, year: int, month: int, day: int) -> None:
    try:
        dt.date(year, month, day)
    except ValueError:
        pass
    else:
        return  # a real date: not this property's concern
    corrupted = f"{year:04d}{month:02d}{day:02d}" + nip[8:]
    with pytest.raises(IdentifierError) as exc:
        parse_nip(corrupted, today=TODAY)
    assert exc.value.code == "birth_date"
    with pytest.raises(IdentifierError) as exc:
        parse_ni_pppk(corrupted, today=TODAY)
    assert exc.value.code == "birth_date"


def _accepted(parse: Any, value: str) -> bool:
    try:
        parse(value, today=TODAY)
    except IdentifierError:
        return False
    return True


def _agrees(values: list[str]) -> None:
    as_nip, as_pppk = accepted_many(values, today=TODAY)
    for value, nip_ok, pppk_ok in zip(values, as_nip, as_pppk, strict=True):
        # Only 18 plain ASCII digits are judged in bulk; everything else goes to the parsers.
        plain = len(value) == 18 and value.isascii() and value.isdigit()
        assert nip_ok == (plain and _accepted(parse_nip, value)), value
        assert pppk_ok == (plain and _accepted(parse_ni_pppk, value)), value


# Digit strings near the edges of every rule: birth dates around month ends and leap days,
# TMT around the 18th birthday and today, genders and serials at their limits.
@st.composite
def near_valid(draw: st.DrawFn) -> str:
    year = draw(st.sampled_from([1899, 1900, 1901, 1996, 2000, 2004, 2008, 2026, 2027, draw(st.integers(1890, 2030))]))
    month = draw(st.integers(0, 13))
    day = draw(st.sampled_from([0, 1, 27, 28, 29, 30, 31, 32, draw(st.integers(0, 39))]))
    tmt_year = draw(st.sampled_from([year + 17, year + 18, year + 19, 2025, 2026, 2027, draw(st.integers(1890, 2030))]))
    tmt_month = draw(st.sampled_from([0, 1, month, (month % 12) + 1, 10, 11, 12, 13, 99]))
    gender = draw(st.sampled_from("0123"))
    serial = draw(st.sampled_from([0, 1, 999, draw(st.integers(0, 999))]))
    return f"{year:04d}{month:02d}{day:02d}{tmt_year % 10000:04d}{tmt_month:02d}{gender}{serial:03d}"


@settings(max_examples=400, deadline=None)
@given(st.lists(near_valid(), min_size=1, max_size=40))
def test_bulk_check_agrees_with_the_parsers_near_every_edge(values: list[str]) -> None:
    _agrees(values)


@settings(max_examples=200, deadline=None)
@given(st.lists(valid_nips(), min_size=1, max_size=20), st.lists(st.text(max_size=20), max_size=5))
def test_bulk_check_accepts_valid_nips_and_sends_the_rest_to_the_parsers(nips: list[str], other: list[str]) -> None:
    spaced = [format_nip(n) for n in nips[:3]]  # valid after cleaning, but not plain digits
    _agrees([*nips, *other, *spaced, "١٩٨٦٠٩٢٦٢٠١٥٠٥١٠٠١", "", "19860926201505100١"])
    as_nip, _as_pppk = accepted_many(nips, today=TODAY)
    assert all(as_nip)


def test_bulk_check_knows_the_leap_days_and_the_18th_birthday() -> None:
    values = [
        "200002292018021001",  # born 29 Feb 2000, appointed the month of the 18th birthday
        "200002292018011001",  # a month too early
        "190002292018021001",  # 1900 was not a leap year
        "202611222026111001",  # born today: the TMT is then too early, as a NIP
        "202611232026111001",  # born tomorrow
    ]
    as_nip, as_pppk = accepted_many(values, today=TODAY)
    assert as_nip == [True, False, False, False, False]
    assert as_pppk == [True, True, False, True, False]
    _agrees(values)
