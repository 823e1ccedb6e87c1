"""The legal clocks at their edges: units, weekends, the 27 Nov 2024 holiday, frozen time."""

from __future__ import annotations

import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from netral.cases import deadlines
from netral.cases.deadlines import CALENDAR, WORKING, Clock, add_days, clock_for, deadline

WIB = ZoneInfo("Asia/Jakarta")
VOTING_DAY = datetime.date(2024, 11, 27)
HOLIDAYS = frozenset({VOTING_DAY})
D = datetime.date


def _rule(clock: tuple[str, datetime.datetime] | None) -> str:
    """The rule of a clock that must be running."""
    assert clock is not None
    return clock[0]


def at(y: int, m: int, d: int, hh: int = 0, mm: int = 0, ss: int = 0) -> datetime.datetime:
    return datetime.datetime(y, m, d, hh, mm, ss, tzinfo=WIB)


def test_it_declares_a_unit_for_every_rule() -> None:
    assert {r.unit for r in deadlines.RULES.values()} == {CALENDAR, WORKING}
    assert deadlines.RULES["sbt_review"].unit == WORKING
    assert deadlines.RULES["satgas_verification"].unit == CALENDAR
    assert all(r.source for r in deadlines.RULES.values())
    for status, spec in deadlines.STATUS_CLOCKS.items():
        assert spec.rule in deadlines.RULES, status


def test_it_gives_seven_calendar_days_to_report_from_the_known_date() -> None:
    end = deadline("report_window", D(2024, 11, 1), tz=WIB)
    assert end == at(2024, 11, 8, 23, 59, 59)
    assert not Clock("report_window", end, at(2024, 11, 8, 23, 59, 58)).overdue
    assert Clock("report_window", end, at(2024, 11, 9, 0, 0, 0)).overdue


def test_it_counts_calendar_days_through_weekends_and_holidays() -> None:
    # registered Monday 25 Nov 2024: 3 days → Thursday 28 Nov, the holiday does not stop a calendar clock
    assert deadline("bawaslu_decide", D(2024, 11, 25), tz=WIB, holidays=HOLIDAYS) == at(2024, 11, 28, 23, 59, 59)
    # 3 + 2 days when clarification is requested
    assert deadline("bawaslu_decide_extended", D(2024, 11, 25), tz=WIB, holidays=HOLIDAYS) == at(
        2024, 11, 30, 23, 59, 59
    )
    # Friday + 3 calendar days = Monday
    assert deadline("bawaslu_decide", D(2024, 11, 22), tz=WIB) == at(2024, 11, 25, 23, 59, 59)


def test_it_skips_weekends_and_27_november_2024_for_working_days() -> None:
    # Monday 25 Nov: Tue 26, (Wed 27 holiday), Thu 28, Fri 29
    assert add_days(D(2024, 11, 25), 3, WORKING, HOLIDAYS) == D(2024, 11, 29)
    assert add_days(D(2024, 11, 25), 3, WORKING, frozenset()) == D(2024, 11, 28)
    # Friday 22 Nov: (Sat, Sun) Mon 25, Tue 26, (Wed 27) Thu 28
    assert add_days(D(2024, 11, 22), 3, WORKING, HOLIDAYS) == D(2024, 11, 28)
    # An act on a Saturday still counts from the next working day
    assert add_days(D(2024, 11, 23), 1, WORKING, HOLIDAYS) == D(2024, 11, 25)
    assert deadline("sbt_review", D(2024, 11, 26), tz=WIB, holidays=HOLIDAYS) == at(2024, 12, 2, 23, 59, 59)


def test_it_gives_bkn_seven_days_and_the_ppk_its_configured_period() -> None:
    assert deadline("satgas_verification", D(2024, 12, 2), tz=WIB) == at(2024, 12, 9, 23, 59, 59)
    vals = {**deadlines.DEFAULTS, "ppk_followup_days": 10}
    assert deadline("ppk_followup", D(2024, 12, 2), tz=WIB, values=vals) == at(2024, 12, 12, 23, 59, 59)
    assert deadline("ppk_after_reprimand", D(2024, 12, 20), tz=WIB) == at(2024, 12, 23, 23, 59, 59)


def test_it_reads_values_from_settings(settings: Any) -> None:
    settings.NETRAL_DEADLINES = {**settings.NETRAL_DEADLINES, "ppk_followup_days": 21}
    vals = deadlines.values_from_settings()
    assert deadline("ppk_followup", D(2024, 12, 1), tz=WIB, values=vals) == at(2024, 12, 22, 23, 59, 59)


def test_it_runs_one_clock_per_status_and_stops_in_final_ones() -> None:
    anchors = {
        "received_at": at(2024, 11, 20, 10),
        "known_on": D(2024, 11, 19),
        "registered_at": at(2024, 11, 21, 9),
        "decided_at": at(2024, 11, 25, 9),
        "forwarded_at": at(2024, 11, 26, 9),
        "recommended_at": at(2024, 12, 3, 9),
        "reprimanded_at": at(2024, 12, 20, 9),
        "not_registered_reason": "late",
        "follow_up_action": "reprimand",
    }
    assert _rule(clock_for("received", anchors, tz=WIB)) == "initial_review"
    assert clock_for("registered", anchors, tz=WIB) == ("bawaslu_decide", at(2024, 11, 24, 23, 59, 59))
    assert clock_for("clarification", anchors, tz=WIB) == ("bawaslu_decide_extended", at(2024, 11, 26, 23, 59, 59))
    assert clock_for("violation", anchors, tz=WIB, holidays=HOLIDAYS) == ("sbt_review", at(2024, 11, 29, 23, 59, 59))
    assert _rule(clock_for("bkn_verification", anchors, tz=WIB)) == "satgas_verification"
    assert _rule(clock_for("follow_up", anchors, tz=WIB)) == "ppk_after_reprimand"
    assert clock_for("not_registered", anchors, tz=WIB) is None  # late: nothing to complete
    assert _rule(clock_for("not_registered", {**anchors, "not_registered_reason": "formal"}, tz=WIB)) == "report_window"
    assert clock_for("follow_up", {**anchors, "follow_up_action": "data_block"}, tz=WIB) is None
    for final in ("not_violation", "stopped", "forwarded_other", "sanctioned", "closed", "joined", "withdrawn"):
        assert clock_for(final, anchors, tz=WIB) is None


def test_it_describes_time_left_and_overdue() -> None:
    end = at(2024, 11, 28, 23, 59, 59)
    left = Clock("bawaslu_decide", end, at(2024, 11, 26, 20, 0))
    assert left.describe() == "sisa 2 hari 3 jam" and left.days_left == 2 and left.state == "ok"
    soon = Clock("bawaslu_decide", end, at(2024, 11, 28, 8, 0))
    assert soon.state == "soon" and soon.days_left == 0
    late = Clock("bawaslu_decide", end, at(2024, 11, 30, 4, 0))
    assert late.overdue and late.describe() == "terlambat 1 hari 4 jam" and late.state == "overdue"


@pytest.mark.django_db
def test_it_loads_the_holiday_table_with_voting_day() -> None:
    assert VOTING_DAY in deadlines.load_holidays()


@pytest.mark.django_db
def test_it_stores_the_running_clock_on_the_case_with_frozen_time(cast: Any) -> None:
    from netral.cases.services import running_clock, transition_case
    from netral.cases.tests.helpers import make_case, walk

    with time_machine.travel(at(2024, 11, 22, 10, 0), tick=False):  # Friday
        case = make_case(agency=cast.agency_a, known_on=D(2024, 11, 21))
        case = walk(
            case, [("initial_review", cast.sup_a, {}), ("registered", cast.sup_a, {"registration_number": "1"})]
        )
        assert (case.deadline_rule, case.deadline_at) == ("bawaslu_decide", at(2024, 11, 25, 23, 59, 59))
    with time_machine.travel(at(2024, 11, 25, 10, 0), tick=False):  # Monday
        case = transition_case(case, "violation", user=cast.sup_a, reason="terbukti").case
        # 3 working days skipping Wednesday 27 Nov
        assert (case.deadline_rule, case.deadline_at) == ("sbt_review", at(2024, 11, 29, 23, 59, 59))
        clock = running_clock(case)
        assert clock is not None and clock.days_left == 4
    with time_machine.travel(at(2024, 11, 30, 1, 0), tick=False):
        clock = running_clock(case)
        assert clock is not None
        assert clock.overdue and clock.describe().startswith("terlambat")
