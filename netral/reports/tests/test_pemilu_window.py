"""A Pemilu report has 7 working days (UU 7/2017 Art. 454), a Pilkada report 7 calendar days.

February 2024 in the holiday table: Thu 8 Isra Mikraj, Sat 10 Imlek, Wed 14 Pemilu voting day.
Known Mon 5 Feb: working days Tue 6, Wed 7, Fri 9, Mon 12, Tue 13, Thu 15, Fri 16 → last day Fri 16 Feb;
the calendar window ends Mon 12 Feb.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from netral.regions.models import Election
from netral.reports import requirements as rq
from netral.reports.services import submit_report, window_for
from netral.reports.tests.conftest import report_data

WIB = ZoneInfo("Asia/Jakarta")
D = datetime.date
KNOWN = D(2024, 2, 5)
HOLIDAYS = frozenset({D(2024, 2, 8), D(2024, 2, 10), D(2024, 2, 14)})


def test_it_counts_a_working_day_window_across_holidays() -> None:
    window = rq.Window(7, working=True, holidays=HOLIDAYS)
    assert rq.window_end(KNOWN, window) == D(2024, 2, 16)
    assert not rq.is_late(KNOWN, D(2024, 2, 16), window)
    assert rq.is_late(KNOWN, D(2024, 2, 17), window)
    assert rq.days_left(KNOWN, D(2024, 2, 13), window) == 3
    late = rq.formal_missing(
        rq.Facts(is_finding=True, subject_name="X", subject_address="Y", known_on=KNOWN), D(2024, 2, 19), window
    )
    assert [m.code for m in late] == ["late"]
    assert late[0].message == "Melewati batas 7 hari kerja sejak kejadian diketahui (terlambat 3 hari)."
    # a plain number is still a calendar window
    assert rq.window_end(KNOWN, 7) == D(2024, 2, 12)


@pytest.mark.django_db
def test_it_picks_the_window_of_the_reports_election(cast: object) -> None:
    pemilu = Election.objects.get(code="pemilu2024")
    pilkada = Election.objects.get(code="pilkada2024")
    assert window_for({"election": pemilu}).working and window_for({"election": pemilu}).days == 7
    assert not window_for({"election": pilkada}).working
    # no election chosen: the one running when it became known (the Pemilu 2024 campaign)
    assert window_for({"known_on": KNOWN}).working


@pytest.mark.django_db
def test_it_keeps_a_pemilu_report_on_time_after_seven_calendar_days(cast: object) -> None:
    with time_machine.travel(datetime.datetime(2024, 2, 15, 10, 0, tzinfo=WIB), tick=False):
        pemilu, _ = submit_report(
            report_data(known_on=KNOWN, occurred_on=KNOWN, election=Election.objects.get(code="pemilu2024"))
        )
        pilkada, _ = submit_report(
            report_data(known_on=KNOWN, occurred_on=KNOWN, election=Election.objects.get(code="pilkada2024"))
        )
    assert not pemilu.is_late and "late" not in pemilu.formal_missing
    assert pilkada.is_late and "late" in pilkada.formal_missing
