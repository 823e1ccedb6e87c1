"""Legal clocks as plain functions: no ORM in the rules, holidays passed in.

Every rule names its unit (calendar or working days) explicitly, because the sources mix them:
the SBT Satgas verification counts "7 hari" (calendar) while Bawaslu's SBT review counts "3 hari
kerja" (working days), domain §2.2. Values come from ``settings.NETRAL_DEADLINES``.

A clock runs from an *anchor* (the date an act took effect) to the end of its last day in local
time (Asia/Jakarta): a 3-day clock anchored on Monday expires at Thursday 23:59:59.
Which clock runs in which status is one table per *regulation set*: ``STATUS_CLOCKS`` for a
Pilkada (UU 10/2016, Perbawaslu 8/2020) and a Pemilu table (UU 7/2017 Art. 454) that replaces the
reporting and decision clocks with working-day ones. The case's election kind picks the set
(``regulation_for``); a case without an election keeps the Pilkada set.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

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


@dataclass(frozen=True)
class StatusClock:
    """Which rule runs in a status, from which anchor, and (optionally) only for some sub-cases."""

    rule: str
    anchor: str
    only_if: tuple[str, tuple[str, ...]] | None = None


def _status_clocks(pemilu: bool) -> dict[str, StatusClock]:
    """The clock of each status, read from the workflow table (``workflow.STATUSES``).

    A status without a clock stops every clock (decided, forwarded elsewhere, closed, joined...).
    """
    from netral.cases.workflow import STATUSES

    table: dict[str, StatusClock] = {}
    for status, rule in STATUSES.items():
        c = rule.clock
        if c is None:
            continue
        only_if = (c.when.field, c.when.values) if c.when is not None else None
        table[status] = StatusClock((c.pemilu_rule or c.rule) if pemilu else c.rule, c.anchor, only_if)
    return table


# Pilkada (UU 10/2016, Perbawaslu 8/2020); the Pemilu set keeps every other clock (intake, SBT, BKN,
# PPK, Gakkumdu) and swaps the three that UU 7/2017 Art. 454 sets differently: the reporting window
# and Bawaslu's (extended) decision period.
STATUS_CLOCKS: dict[str, StatusClock] = _status_clocks(pemilu=False)
PEMILU_STATUS_CLOCKS: dict[str, StatusClock] = _status_clocks(pemilu=True)

PILKADA = "pilkada"
PEMILU = "pemilu"


@dataclass(frozen=True)
class RegulationSet:
    """The clocks one kind of election runs on: its status table and its reporting-window rule."""

    key: str
    label: Any
    source: str
    clocks: Mapping[str, StatusClock]
    report_window: str


REGULATION_SETS: dict[str, RegulationSet] = {
    PILKADA: RegulationSet(
        PILKADA,
        _("Pemilihan kepala daerah (Pilkada)"),
        "UU 1/2015 jo. UU 10/2016 Pasal 134; Perbawaslu 8/2020",
        STATUS_CLOCKS,
        "report_window",
    ),
    PEMILU: RegulationSet(
        PEMILU,
        _("Pemilihan umum (Pemilu)"),
        "UU 7/2017 Pasal 454",
        PEMILU_STATUS_CLOCKS,
        "pemilu_report_window",
    ),
}

# Election kind (regions.ElectionKind) → regulation set. Pilkades has no clock of its own in the
# sources; it and cases without an election keep the Pilkada set.
ELECTION_KIND_SETS: dict[str, str] = {"pemilu": PEMILU, "pilkada": PILKADA}


def regulation_for(election_kind: str | None) -> RegulationSet:
    """The regulation set for an election kind (None or an unknown kind: Pilkada)."""
    return REGULATION_SETS[ELECTION_KIND_SETS.get(election_kind or "", PILKADA)]


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


def clock_for(
    status: str,
    anchors: Mapping[str, Any],
    *,
    tz: datetime.tzinfo,
    holidays: frozenset[datetime.date] = frozenset(),
    values: Mapping[str, int] | None = None,
    regulation: RegulationSet | None = None,
) -> tuple[str, datetime.datetime] | None:
    """(rule, deadline) of the clock running in `status`, or None when no clock runs.

    `anchors` maps anchor names (and the sub-case fields in ``only_if``) to values; `regulation`
    picks the status table (Pilkada when omitted).
    """
    table = regulation.clocks if regulation is not None else STATUS_CLOCKS
    spec = table.get(status)
    if spec is None:
        return None
    if spec.only_if is not None:
        field, allowed = spec.only_if
        if anchors.get(field) not in allowed:
            return None
    start = anchors.get(spec.anchor)
    if start is None:
        return None
    return spec.rule, deadline(spec.rule, start, tz=tz, holidays=holidays, values=values)


@dataclass(frozen=True)
class Clock:
    """A running clock as shown to people: the rule, its deadline, and what is left (or overdue)."""

    rule: str
    deadline: datetime.datetime
    now: datetime.datetime

    @property
    def label(self) -> Any:
        r = RULES.get(self.rule)
        return r.label if r else self.rule

    @property
    def unit(self) -> str:
        r = RULES.get(self.rule)
        return r.unit if r else CALENDAR

    @property
    def overdue(self) -> bool:
        return self.now > self.deadline

    @property
    def remaining(self) -> datetime.timedelta:
        return self.deadline - self.now

    @property
    def days_left(self) -> int:
        """Whole calendar days between today and the last day (0 = expires today; negative = overdue)."""
        tz = self.deadline.tzinfo
        return (self.deadline.date() - self.now.astimezone(tz).date()).days

    def soon(self, before_days: int = 1) -> bool:
        return not self.overdue and self.remaining <= datetime.timedelta(days=before_days)

    @property
    def state(self) -> str:
        """overdue / soon / ok: the CSS badge class."""
        return "overdue" if self.overdue else "soon" if self.soon() else "ok"

    def describe(self) -> str:
        """ "sisa 2 hari 3 jam" or "terlambat 1 hari 4 jam" (Indonesian source strings)."""
        delta = abs(self.remaining)
        days, hours = delta.days, delta.seconds // 3600
        parts = []
        if days:
            parts.append(ngettext("%(n)d hari", "%(n)d hari", days) % {"n": days})
        if hours or not days:
            parts.append(ngettext("%(n)d jam", "%(n)d jam", hours) % {"n": hours})
        text = " ".join(parts)
        if self.overdue:
            return str(_("terlambat %(time)s") % {"time": text})
        return str(_("sisa %(time)s") % {"time": text})


def load_holidays() -> frozenset[datetime.date]:
    """The holiday table (regions.Holiday) as a set of dates: the only ORM access in this module."""
    from netral.regions.models import Holiday

    return frozenset(Holiday.objects.values_list("date", flat=True))
