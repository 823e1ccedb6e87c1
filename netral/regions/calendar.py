"""The election calendar: which stage a date falls in, and legal periods in calendar or working days.

Stages overlap (counting 27 Nov lies in voting and in recapitulation; forming ad hoc bodies
runs for months beside everything), so the answer prefers a vulnerable stage, then a main-line
stage (one with a triage stage), then the shortest: the most specific description of that day.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from django.utils.translation import gettext_lazy as _

from netral.regions.models import Election, Holiday, Stage

# --- reference data cached in the process -------------------------------------------------------
# Elections, their stages and the holiday table change a few times a year, yet every submission
# and every clock reads them. Each process keeps them for REFERENCE_TTL seconds; the services that
# change them (``regions.services``) forget them at once, another process sees a change within the TTL.

REFERENCE_TTL = 60.0
_T = TypeVar("_T")
_reference: dict[str, tuple[float, Any]] = {}


def cached(key: str, build: Callable[[], _T]) -> _T:
    """`build()` kept under `key` for REFERENCE_TTL seconds; forgotten with the rest (``forget_reference``).

    Also used by the apps above for what they derive from reference data (the public form's
    rendered choices, ``reports.forms``), so one call forgets all of it."""
    now = time.monotonic()
    hit = _reference.get(key)
    if hit is not None and now - hit[0] < REFERENCE_TTL:
        value: _T = hit[1]
        return value
    fresh = build()
    _reference[key] = (now, fresh)
    return fresh


_cached = cached


def forget_reference(*args: Any, **kwargs: Any) -> None:
    """Drop the cached elections, stages and holidays (a signal receiver, hence the arguments)."""
    _reference.clear()


def _elections() -> list[tuple[Election, list[Stage]]]:
    """Every election with its stages, in id order."""

    def build() -> list[tuple[Election, list[Stage]]]:
        stages: dict[int, list[Stage]] = {}
        for stage in Stage.objects.order_by("pk"):
            stages.setdefault(stage.election_id, []).append(stage)
        return [(e, stages.get(e.pk, [])) for e in Election.objects.order_by("pk")]

    return _cached("elections", build)


def elections() -> list[Election]:
    """Every election (cached in the process, see above)."""
    return [e for e, _stages in _elections()]


def stages_on(election: Election, day: datetime.date) -> list[Stage]:
    for known, stages in _elections():
        if known.pk == election.pk:
            return [s for s in stages if s.start <= day <= s.end]
    return list(election.stages.filter(start__lte=day, end__gte=day))


def stage_at(election: Election | str, day: datetime.date) -> Stage | None:
    """The stage that date `day` was in for election `election` (an Election or its code)."""
    if isinstance(election, str):
        election = Election.objects.get(code=election)
    candidates = stages_on(election, day)
    if not candidates:
        return None
    return sorted(candidates, key=lambda s: (not s.vulnerable, not s.triage_stage, s.days, s.order))[0]


def election_for(day: datetime.date, region_code: str | None = None) -> Election | None:
    """The election whose stages cover `day` (nearest voting day first when several do)."""
    running = [e for e, stages in _elections() if any(s.start <= day <= s.end for s in stages)]
    running.sort(key=lambda e: abs((e.voting_date - day).days))
    return running[0] if running else None


# --- legal periods in calendar and working days -----------------------------------------------
# Plain arithmetic shared by reports (the reporting window) and cases (the legal clocks). Every
# rule names its unit explicitly, because the sources mix them: the SBT Satgas verification counts
# "7 hari" (calendar) while Bawaslu's SBT review counts "3 hari kerja" (working days), domain §2.2.
# A period runs from an *anchor* (the date an act took effect) to the end of its last day in local
# time (Asia/Jakarta): a 3-day period anchored on Monday expires at Thursday 23:59:59. Values come
# from ``settings.NETRAL_DEADLINES``.

CALENDAR = "calendar"
WORKING = "working"

# Defaults for values the settings may leave out (settings.NETRAL_DEADLINES wins).
DEFAULTS: dict[str, int] = {
    "report_window_days": 7,
    "initial_review_days": 3,
    "decide_days": 3,
    "decide_extension_days": 2,
    "satgas_verification_days": 7,
    "bawaslu_sbt_review_working_days": 3,
    "ppk_followup_days": 14,
    "ppk_after_reprimand_days": 3,
    "reminder_before_days": 1,
    # Pemilu (UU 7/2017 Art. 454): reports/findings within 7 working days; review 7 working days,
    # extendable to 14 working days in all (7 + 7) when more information is needed.
    "pemilu_report_window_working_days": 7,
    "pemilu_decide_working_days": 7,
    "pemilu_decide_extension_working_days": 7,
    # Sentra Gakkumdu (criminal route): the investigators send the file to the prosecutor within
    # 14 working days of receiving the report.
    "gakkumdu_investigation_working_days": 14,
    # ...the prosecutor returns an incomplete file within 3 working days, the investigators re-submit
    # it within 3 working days, and the prosecutor files a complete case in court within 5 working days.
    "gakkumdu_return_working_days": 3,
    "gakkumdu_resubmit_working_days": 3,
    "gakkumdu_court_filing_working_days": 5,
}


@dataclass(frozen=True)
class Rule:
    """One legal time limit: how many days (the sum of the named settings) and in which unit."""

    key: str
    settings: tuple[str, ...]
    unit: str
    label: Any
    source: str

    def days(self, values: Mapping[str, int]) -> int:
        return sum(int(values[name]) for name in self.settings)


RULES: dict[str, Rule] = {
    r.key: r
    for r in [
        Rule(
            "report_window",
            ("report_window_days",),
            CALENDAR,
            _("Batas melapor 7 hari sejak diketahui"),
            "UU 1/2015 jo. UU 10/2016 Pasal 134; Perbawaslu 8/2020 (syarat formal c)",
        ),
        Rule(
            "initial_review",
            ("initial_review_days",),
            CALENDAR,
            _("Kajian awal sejak laporan diterima"),
            "UU 10/2016 Pasal 134 (bertindak paling lama 3 hari setelah laporan diterima) [tafsiran]",
        ),
        Rule(
            "bawaslu_decide",
            ("decide_days",),
            CALENDAR,
            _("Putusan Bawaslu 3 hari sejak registrasi"),
            "UU 10/2016 Pasal 134; Perbawaslu 8/2020",
        ),
        Rule(
            "bawaslu_decide_extended",
            ("decide_days", "decide_extension_days"),
            CALENDAR,
            _("Putusan Bawaslu 3 + 2 hari (klarifikasi/keterangan tambahan)"),
            "UU 10/2016 Pasal 134 (tambahan 2 hari)",
        ),
        Rule(
            "sbt_review",
            ("bawaslu_sbt_review_working_days",),
            WORKING,
            _("Kajian Bawaslu jalur SBT, 3 hari kerja"),
            "Alur SBT BKN Oktober 2024 (domain §2.2 langkah 3)",
        ),
        Rule(
            "satgas_verification",
            ("satgas_verification_days",),
            CALENDAR,
            _("Verifikasi Satgas/BKN 7 hari"),
            "Alur SBT BKN Oktober 2024 (domain §2.2 langkah 2)",
        ),
        Rule(
            "ppk_followup",
            ("ppk_followup_days",),
            CALENDAR,
            _("Tindak lanjut rekomendasi oleh PPK"),
            "Pengaturan NETRAL_DEADLINES['ppk_followup_days'] (tidak ada angka baku dalam sumber)",
        ),
        Rule(
            "ppk_after_reprimand",
            ("ppk_after_reprimand_days",),
            CALENDAR,
            _("PPK melaksanakan rekomendasi 3 hari setelah teguran"),
            "PP 12/2017 (preseden teguran Kemendagri, Pilkada 2020)",
        ),
        Rule(
            "gakkumdu_investigation",
            ("gakkumdu_investigation_working_days",),
            WORKING,
            _("Penyidikan Gakkumdu: berkas ke penuntut umum 14 hari kerja"),
            "Sentra Gakkumdu, domain §8 (berkas penyidikan ke penuntut umum paling lama 14 hari kerja sejak "
            "laporan diterima penyidik; dihitung sejak diteruskan)",
        ),
        Rule(
            "gakkumdu_return",
            ("gakkumdu_return_working_days",),
            WORKING,
            _("Penuntut umum mengembalikan berkas yang belum lengkap, 3 hari kerja"),
            "Sentra Gakkumdu, domain §8 (berkas yang belum lengkap dikembalikan penuntut umum paling lama "
            "3 hari kerja; dihitung sejak berkas diserahkan)",
        ),
        Rule(
            "gakkumdu_resubmit",
            ("gakkumdu_resubmit_working_days",),
            WORKING,
            _("Penyidik menyerahkan kembali berkas, 3 hari kerja"),
            "Sentra Gakkumdu, domain §8 (berkas diserahkan kembali paling lama 3 hari kerja sejak dikembalikan)",
        ),
        Rule(
            "gakkumdu_court_filing",
            ("gakkumdu_court_filing_working_days",),
            WORKING,
            _("Penuntut umum melimpahkan perkara ke pengadilan, 5 hari kerja"),
            "Sentra Gakkumdu, domain §8 (penuntut umum melimpahkan perkara ke pengadilan paling lama 5 hari "
            "kerja; dihitung sejak berkas dinyatakan lengkap)",
        ),
        Rule(
            "pemilu_report_window",
            ("pemilu_report_window_working_days",),
            WORKING,
            _("Batas melapor Pemilu 7 hari kerja sejak diketahui"),
            "UU 7/2017 Pasal 454 (laporan paling lama 7 hari kerja sejak diketahui/ditemukan)",
        ),
        Rule(
            "pemilu_decide",
            ("pemilu_decide_working_days",),
            WORKING,
            _("Putusan Bawaslu Pemilu 7 hari kerja sejak registrasi"),
            "UU 7/2017 Pasal 454 (diputus paling lama 7 hari kerja)",
        ),
        Rule(
            "pemilu_decide_extended",
            ("pemilu_decide_working_days", "pemilu_decide_extension_working_days"),
            WORKING,
            _("Putusan Bawaslu Pemilu paling lama 14 hari kerja (keterangan tambahan)"),
            "UU 7/2017 Pasal 454 (keterangan tambahan: paling lama 14 hari kerja)",
        ),
    ]
}


def values_from_settings() -> dict[str, int]:
    """DEFAULTS overlaid with settings.NETRAL_DEADLINES."""
    from django.conf import settings

    return {**DEFAULTS, **getattr(settings, "NETRAL_DEADLINES", {})}


def is_working_day(day: datetime.date, holidays: Iterable[datetime.date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def add_days(start: datetime.date, days: int, unit: str, holidays: frozenset[datetime.date]) -> datetime.date:
    """The last day of a period of `days` counted after `start` (calendar, or working days only)."""
    if unit == CALENDAR:
        return start + datetime.timedelta(days=days)
    if unit != WORKING:
        raise ValueError(f"unknown unit {unit!r}")
    day, counted = start, 0
    while counted < days:
        day += datetime.timedelta(days=1)
        if is_working_day(day, holidays):
            counted += 1
    return day


def end_of_day(day: datetime.date, tz: datetime.tzinfo) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(23, 59, 59), tzinfo=tz)


def as_local_date(value: datetime.date | datetime.datetime, tz: datetime.tzinfo) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.astimezone(tz).date() if value.tzinfo else value.date()
    return value


def deadline(
    rule: str | Rule,
    anchor: datetime.date | datetime.datetime,
    *,
    tz: datetime.tzinfo,
    holidays: frozenset[datetime.date] = frozenset(),
    values: Mapping[str, int] | None = None,
) -> datetime.datetime:
    """When `rule` expires for an act on `anchor`: the end of its last day in `tz`."""
    r = RULES[rule] if isinstance(rule, str) else rule
    vals = values if values is not None else DEFAULTS
    last = add_days(as_local_date(anchor, tz), r.days(vals), r.unit, holidays)
    return end_of_day(last, tz)


# The reporting window per kind of election: 7 calendar days for a Pilkada (UU 10/2016 Art. 134),
# 7 working days for a Pemilu (UU 7/2017 Art. 454). Pilkades and unknown kinds keep the Pilkada rule.
PILKADA = "pilkada"
PEMILU = "pemilu"
ELECTION_KIND_SETS: dict[str, str] = {"pemilu": PEMILU, "pilkada": PILKADA}
REPORT_WINDOWS: dict[str, str] = {PILKADA: "report_window", PEMILU: "pemilu_report_window"}


def regulation_key(election_kind: str | None) -> str:
    """The regulation set (Pilkada or Pemilu law) an election kind runs on."""
    return ELECTION_KIND_SETS.get(election_kind or "", PILKADA)


def report_window(election_kind: str | None) -> Rule:
    """The rule for how long after knowing of a violation it may be reported."""
    return RULES[REPORT_WINDOWS[regulation_key(election_kind)]]


def report_window_end(known_on: datetime.date, election_kind: str | None, tz: datetime.tzinfo) -> datetime.datetime:
    """The end of the reporting window for a violation known on `known_on`."""
    rule = report_window(election_kind)
    holidays = load_holidays() if rule.unit == WORKING else frozenset()
    return deadline(rule, known_on, tz=tz, holidays=holidays, values=values_from_settings())


def load_holidays() -> frozenset[datetime.date]:
    """The holiday table as a set of dates (cached in the process, see above)."""
    return _cached("holidays", lambda: frozenset(Holiday.objects.values_list("date", flat=True)))
