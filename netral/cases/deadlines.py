"""The legal clocks of a case: which period runs in which status, and how it is shown.

The periods themselves (rules, units, working-day arithmetic, holidays) are the election calendar's
(``regions.calendar``): reports count the reporting window with them too. A clock runs from an
*anchor* (the date an act took effect) to the end of its last day in local time (Asia/Jakarta).
Which clock runs in which status is one table per *regulation set*: ``STATUS_CLOCKS`` for a
Pilkada (UU 10/2016, Perbawaslu 8/2020) and a Pemilu table (UU 7/2017 Art. 454) that replaces the
reporting and decision clocks with working-day ones. The case's election kind picks the set
(``regulation_for``); a case without an election keeps the Pilkada set.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

# The arithmetic and the catalogue of legal periods live in the election calendar (regions), which
# reports use too; they are named here as well, since every clock of a case is read through this module.
from netral.regions.calendar import (
    CALENDAR,
    DEFAULTS,
    PEMILU,
    PILKADA,
    REPORT_WINDOWS,
    RULES,
    WORKING,
    Rule,
    add_days,
    as_local_date,
    deadline,
    end_of_day,
    is_working_day,
    load_holidays,
    regulation_key,
    values_from_settings,
)

__all__ = [
    "CALENDAR",
    "DEFAULTS",
    "RULES",
    "WORKING",
    "Rule",
    "add_days",
    "as_local_date",
    "deadline",
    "end_of_day",
    "is_working_day",
    "load_holidays",
    "values_from_settings",
]


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
        REPORT_WINDOWS[PILKADA],
    ),
    PEMILU: RegulationSet(
        PEMILU,
        _("Pemilihan umum (Pemilu)"),
        "UU 7/2017 Pasal 454",
        PEMILU_STATUS_CLOCKS,
        REPORT_WINDOWS[PEMILU],
    ),
}


def regulation_for(election_kind: str | None) -> RegulationSet:
    """The regulation set for an election kind (None or an unknown kind: Pilkada)."""
    return REGULATION_SETS[regulation_key(election_kind)]


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
