"""ASN identifiers: NIP (PNS/CPNS) and NI PPPK, validated without touching the database.

NIP layout (Perka BKN 22/2007 and 43/2007; domain.md §7.1), 18 digits::

    YYYYMMDD  YYYYMM  G  NNN
    birth     TMT     gender (1 male, 2 female)  serial (001 unless the first 15 collide)

The TMT is the month of first appointment as CPNS (always the 1st of that month), so it can be
neither before the person turned 18 nor in the future.

NI PPPK (domain.md §7.2) is also 18 digits, but the sources disagree on positions 9–14 (year +
agreement count vs year + month), so only the birth date (1–8), gender (15) and a non-zero
serial (16–18) are checked. Pure functions: the importer, the forms and other apps
(prevention) call them on every row.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

NIP_LENGTH = 18
MIN_AGE_AT_APPOINTMENT = 18
# Nobody in service was born before this; older dates are typing mistakes.
EARLIEST_BIRTH_YEAR = 1900

# Separators people type inside an identifier: spaces, dots, dashes, non-breaking spaces.
_SEPARATORS = re.compile(r"[\s.\-\u00a0]+")

EMPLOYMENT_PNS = "PNS"
EMPLOYMENT_CPNS = "CPNS"
EMPLOYMENT_PPPK = "PPPK"


class IdentifierError(ValueError):
    """An identifier that cannot belong to anyone; `reason` is a sentence for the user (Indonesian)."""

    def __init__(self, reason: str, code: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code


@dataclass(frozen=True)
class NipInfo:
    """What an 18-digit NIP says about its holder."""

    nip: str
    birth_date: dt.date
    tmt: dt.date  # first day of the month of appointment as CPNS
    gender: str  # "1" male, "2" female
    serial: int

    @property
    def is_male(self) -> bool:
        return self.gender == "1"


@dataclass(frozen=True)
class NiPppkInfo:
    """What an NI PPPK reliably says: birth date, gender, serial; positions 9–14 kept raw."""

    ni: str
    birth_date: dt.date
    middle: str  # positions 9–14, not interpreted (sources conflict)
    gender: str
    serial: int


def clean_identifier(value: str) -> str:
    """Strip the spaces, dots and dashes people type ("19860926 201505 1 001")."""
    return _SEPARATORS.sub("", (value or "").strip())


def _check_digits(raw: str, label: str) -> str:
    digits = clean_identifier(raw)
    if not digits:
        raise IdentifierError(_("%(label)s kosong.") % {"label": label}, "empty")
    if not digits.isdigit():
        raise IdentifierError(
            _("%(label)s hanya boleh berisi angka (ditemukan karakter lain).") % {"label": label},
            "non_digit",
        )
    if len(digits) != NIP_LENGTH:
        raise IdentifierError(
            _("%(label)s harus %(expected)d digit, bukan %(found)d digit.")
            % {"label": label, "expected": NIP_LENGTH, "found": len(digits)},
            "length",
        )
    return digits


def _birth_date(digits: str, label: str, today: dt.date) -> dt.date:
    year, month, day = int(digits[0:4]), int(digits[4:6]), int(digits[6:8])
    try:
        born = dt.date(year, month, day)
    except ValueError as exc:
        raise IdentifierError(
            _("Tanggal lahir pada %(label)s (digit 1–8: %(value)s) bukan tanggal yang ada.")
            % {"label": label, "value": digits[0:8]},
            "birth_date",
        ) from exc
    if year < EARLIEST_BIRTH_YEAR or born > today:
        raise IdentifierError(
            _("Tanggal lahir pada %(label)s (digit 1–8: %(value)s) tidak masuk akal.")
            % {"label": label, "value": digits[0:8]},
            "birth_date",
        )
    return born


def _gender(digits: str, label: str) -> str:
    gender = digits[14]
    if gender not in ("1", "2"):
        raise IdentifierError(
            _("Digit ke-15 %(label)s (jenis kelamin) harus 1 atau 2, bukan %(value)s.")
            % {"label": label, "value": gender},
            "gender",
        )
    return gender


def _serial(digits: str, label: str) -> int:
    serial = int(digits[15:18])
    if serial == 0:
        raise IdentifierError(
            _("Nomor urut %(label)s (digit 16–18) tidak boleh 000.") % {"label": label},
            "serial",
        )
    return serial


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def parse_nip(value: str, *, today: dt.date | None = None) -> NipInfo:
    """Parse a PNS/CPNS NIP or raise `IdentifierError` saying exactly what is wrong."""
    today = today or dt.date.today()
    label = "NIP"
    digits = _check_digits(value, label)
    born = _birth_date(digits, label, today)
    tmt_year, tmt_month = int(digits[8:12]), int(digits[12:14])
    if not 1 <= tmt_month <= 12:
        raise IdentifierError(
            _("Bulan TMT pada NIP (digit 13–14: %(value)s) harus 01 sampai 12.") % {"value": digits[12:14]},
            "tmt_month",
        )
    if tmt_year < EARLIEST_BIRTH_YEAR:
        raise IdentifierError(
            _("Tahun TMT pada NIP (digit 9–12: %(value)s) tidak masuk akal.") % {"value": digits[8:12]},
            "tmt_year",
        )
    tmt = dt.date(tmt_year, tmt_month, 1)
    if tmt > today:
        raise IdentifierError(
            _("TMT pada NIP (%(value)s) berada di masa depan.") % {"value": digits[8:14]},
            "tmt_future",
        )
    # The TMT is the 1st of a month, so compare by month: appointed in the month one turns 18 is fine.
    adult = _add_years(born, MIN_AGE_AT_APPOINTMENT).replace(day=1)
    if tmt < adult:
        raise IdentifierError(
            _("TMT pada NIP (%(tmt)s) lebih awal dari usia %(age)d tahun pemiliknya (lahir %(born)s).")
            % {"tmt": digits[8:14], "age": MIN_AGE_AT_APPOINTMENT, "born": digits[0:8]},
            "tmt_too_early",
        )
    gender = _gender(digits, label)
    serial = _serial(digits, label)
    return NipInfo(nip=digits, birth_date=born, tmt=tmt, gender=gender, serial=serial)


def parse_ni_pppk(value: str, *, today: dt.date | None = None) -> NiPppkInfo:
    """Parse an NI PPPK: 18 digits, real birth date, gender 1/2, serial not 000 (domain.md §7.2)."""
    today = today or dt.date.today()
    label = "NI PPPK"
    digits = _check_digits(value, label)
    born = _birth_date(digits, label, today)
    gender = _gender(digits, label)
    serial = _serial(digits, label)
    return NiPppkInfo(ni=digits, birth_date=born, middle=digits[8:14], gender=gender, serial=serial)


def validate_identifier(value: str, employment_type: str, *, today: dt.date | None = None) -> NipInfo | NiPppkInfo:
    """Validate `value` as the identifier its employment type uses (PNS/CPNS → NIP, PPPK → NI PPPK)."""
    kind = (employment_type or "").strip().upper()
    if kind in (EMPLOYMENT_PNS, EMPLOYMENT_CPNS):
        return parse_nip(value, today=today)
    if kind == EMPLOYMENT_PPPK:
        return parse_ni_pppk(value, today=today)
    raise IdentifierError(
        _("Jenis kepegawaian %(value)s tidak dikenal (PNS, CPNS atau PPPK).") % {"value": employment_type},
        "employment_type",
    )


def format_nip(value: str) -> str:
    """Write an 18-digit NIP/NI the way BKN prints it: "19860926 201505 1 001"."""
    digits = clean_identifier(value)
    if len(digits) != NIP_LENGTH:
        return digits
    return f"{digits[0:8]} {digits[8:14]} {digits[14]} {digits[15:18]}"


# ---------------------------------------------------------------- many identifiers at once

_DAYS_IN_MONTH = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def accepted_many(values: list[str], *, today: dt.date) -> tuple[list[bool], list[bool]]:
    """Which of `values` `parse_nip` and `parse_ni_pppk` would accept: (as NIP, as NI PPPK).

    The same rules as the parsers, computed with numpy over a whole import batch (about a
    microsecond per identifier instead of ten). It only says yes or no: a value it rejects,
    or one not written as exactly 18 ASCII digits (spaces, dots), goes through the parsers,
    which word the reason. `test_identifiers.py` checks the two agree.
    """
    import numpy as np

    shaped = [len(v) == NIP_LENGTH and v.isascii() and v.isdigit() for v in values]
    picked = [v for v, ok in zip(values, shaped, strict=True) if ok]
    nip_ok = [False] * len(values)
    pppk_ok = [False] * len(values)
    if not picked:
        return nip_ok, pppk_ok
    digits = np.frombuffer("".join(picked).encode("ascii"), dtype=np.uint8).reshape(-1, NIP_LENGTH)
    d = digits.astype(np.int32) - ord("0")

    def number(start: int, end: int) -> Any:
        out = np.zeros(len(picked), dtype=np.int32)
        for col in range(start, end):
            out = out * 10 + d[:, col]
        return out

    year, month, day = number(0, 4), number(4, 6), number(6, 8)
    tmt_year, tmt_month = number(8, 12), number(12, 14)
    gender, serial = d[:, 14], number(15, 18)
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    month_ok = (month >= 1) & (month <= 12)
    days = np.asarray(_DAYS_IN_MONTH, dtype=np.int32)[np.where(month_ok, month, 0)] + (leap & (month == 2))
    today_ymd = today.year * 10000 + today.month * 100 + today.day
    born_ok = month_ok & (day >= 1) & (day <= days) & (year >= EARLIEST_BIRTH_YEAR)
    born_ok &= year * 10000 + month * 100 + day <= today_ymd
    common = born_ok & ((gender == 1) | (gender == 2)) & (serial != 0)
    tmt = tmt_year * 100 + tmt_month
    # TMT: a real month, not before 1900, not after this month, not before the month of the 18th birthday.
    nip = common & (tmt_month >= 1) & (tmt_month <= 12) & (tmt_year >= EARLIEST_BIRTH_YEAR)
    nip &= (tmt <= today.year * 100 + today.month) & (tmt >= (year + MIN_AGE_AT_APPOINTMENT) * 100 + month)
    at = 0
    nip_list, common_list = nip.tolist(), common.tolist()
    for index, ok in enumerate(shaped):
        if ok:
            nip_ok[index], pppk_ok[index] = nip_list[at], common_list[at]
            at += 1
    return nip_ok, pppk_ok
