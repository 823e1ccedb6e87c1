"""Pemilu and Pilkada clocks side by side, with dates counted by hand across weekends and holidays.

February 2024 (holiday table): Thu 8 Isra Mikraj, Sat 10 Imlek, Wed 14 Pemilu voting day.
April 2024: Mon 8 – Mon 15 Idulfitri and cuti bersama (the weekend 13–14 in between).
"""

from __future__ import annotations

import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from netral.cases import deadlines
from netral.cases.deadlines import clock_for, deadline, regulation_for
from netral.cases.services import TransitionRefused, regulation_of, transition_case
from netral.cases.tests.helpers import make_case, walk
from netral.regions.calendar import PEMILU, PILKADA
from netral.testing import PASSWORD

WIB = ZoneInfo("Asia/Jakarta")
D = datetime.date
HOLIDAYS = frozenset(
    {
        D(2024, 2, 8),
        D(2024, 2, 10),
        D(2024, 2, 14),
        D(2024, 4, 8),
        D(2024, 4, 9),
        D(2024, 4, 10),
        D(2024, 4, 11),
        D(2024, 4, 12),
        D(2024, 4, 15),
    }
)


def _rule(clock: tuple[str, datetime.datetime] | None) -> str:
    """The rule of a clock that must be running."""
    assert clock is not None
    return clock[0]


def at(y: int, m: int, d: int, hh: int = 23, mm: int = 59, ss: int = 59) -> datetime.datetime:
    return datetime.datetime(y, m, d, hh, mm, ss, tzinfo=WIB)


def test_it_picks_the_clock_set_by_election_kind() -> None:
    assert regulation_for("pemilu").key == PEMILU
    assert regulation_for("pilkada").key == PILKADA
    assert regulation_for(None).key == PILKADA  # no election: today's behaviour
    assert regulation_for("pilkades").key == PILKADA
    for reg in deadlines.REGULATION_SETS.values():
        assert reg.source and reg.report_window in deadlines.RULES
        for spec in reg.clocks.values():
            assert spec.rule in deadlines.RULES


def test_it_gives_pemilu_reports_seven_working_days() -> None:
    # known Mon 5 Feb: Tue 6, Wed 7, (Thu 8), Fri 9, (Sat 10, Sun 11), Mon 12, Tue 13, (Wed 14), Thu 15, Fri 16
    assert deadline("pemilu_report_window", D(2024, 2, 5), tz=WIB, holidays=HOLIDAYS) == at(2024, 2, 16)
    # the Pilkada window counts calendar days: Mon 12 Feb
    assert deadline("report_window", D(2024, 2, 5), tz=WIB, holidays=HOLIDAYS) == at(2024, 2, 12)


def test_it_gives_pemilu_review_seven_working_days_extendable_to_fourteen() -> None:
    # registered Fri 9 Feb: Mon 12, Tue 13, (Wed 14), Thu 15, Fri 16, Mon 19, Tue 20, Wed 21 = 7
    assert deadline("pemilu_decide", D(2024, 2, 9), tz=WIB, holidays=HOLIDAYS) == at(2024, 2, 21)
    # … Thu 22, Fri 23, Mon 26, Tue 27, Wed 28, Thu 29, Fri 1 Mar = 14
    assert deadline("pemilu_decide_extended", D(2024, 2, 9), tz=WIB, holidays=HOLIDAYS) == at(2024, 3, 1)
    # registered Fri 5 Apr: the whole Idulfitri week and Mon 15 are off → Tue 16 … Wed 24 Apr
    assert deadline("pemilu_decide", D(2024, 4, 5), tz=WIB, holidays=HOLIDAYS) == at(2024, 4, 24)
    # the same anchor on the Pilkada set: 3 and 3 + 2 calendar days
    assert deadline("bawaslu_decide", D(2024, 4, 5), tz=WIB, holidays=HOLIDAYS) == at(2024, 4, 8)
    assert deadline("bawaslu_decide_extended", D(2024, 4, 5), tz=WIB, holidays=HOLIDAYS) == at(2024, 4, 10)


def test_it_runs_the_pemilu_table_only_where_the_law_differs() -> None:
    pemilu, pilkada = regulation_for("pemilu"), regulation_for("pilkada")
    anchors = {
        "received_at": at(2024, 2, 6, 10, 0, 0),
        "known_on": D(2024, 2, 5),
        "registered_at": at(2024, 2, 9, 9, 0, 0),
        "decided_at": at(2024, 2, 20, 9, 0, 0),
        "not_registered_reason": "material",
    }
    kw: dict[str, Any] = {"tz": WIB, "holidays": HOLIDAYS}
    assert clock_for("registered", anchors, regulation=pemilu, **kw) == ("pemilu_decide", at(2024, 2, 21))
    assert clock_for("clarification", anchors, regulation=pemilu, **kw) == ("pemilu_decide_extended", at(2024, 3, 1))
    assert clock_for("not_registered", anchors, regulation=pemilu, **kw) == ("pemilu_report_window", at(2024, 2, 16))
    assert clock_for("registered", anchors, regulation=pilkada, **kw) == ("bawaslu_decide", at(2024, 2, 12))
    assert clock_for("registered", anchors, **kw) == ("bawaslu_decide", at(2024, 2, 12))  # default: Pilkada
    # the other clocks are shared: SBT review from Tue 20 Feb → Wed 21, Thu 22, Fri 23
    for reg in (pemilu, pilkada):
        assert clock_for("violation", anchors, regulation=reg, **kw) == ("sbt_review", at(2024, 2, 23))
        assert _rule(clock_for("received", anchors, regulation=reg, **kw)) == "initial_review"


def test_it_reads_the_pemilu_values_from_settings(settings: Any) -> None:
    settings.NETRAL_DEADLINES = {
        **settings.NETRAL_DEADLINES,
        "pemilu_decide_working_days": 5,
        "pemilu_decide_extension_working_days": 2,
    }
    vals = deadlines.values_from_settings()
    # Fri 9 Feb + 5 working days: Mon 12, Tue 13, Thu 15, Fri 16, Mon 19; + 2: Tue 20, Wed 21
    assert deadline("pemilu_decide", D(2024, 2, 9), tz=WIB, holidays=HOLIDAYS, values=vals) == at(2024, 2, 19)
    assert deadline("pemilu_decide_extended", D(2024, 2, 9), tz=WIB, holidays=HOLIDAYS, values=vals) == at(2024, 2, 21)


@pytest.mark.django_db
def test_it_stores_the_pemilu_clock_on_a_pemilu_case(cast: Any) -> None:
    with time_machine.travel(datetime.datetime(2024, 2, 9, 10, 0, tzinfo=WIB), tick=False):  # Friday
        case = make_case(agency=cast.agency_a, known_on=D(2024, 2, 5), election="pemilu2024")
        assert regulation_of(case).key == PEMILU
        case = walk(
            case, [("initial_review", cast.sup_a, {}), ("registered", cast.sup_a, {"registration_number": "7"})]
        )
        assert (case.deadline_rule, case.deadline_at) == ("pemilu_decide", at(2024, 2, 21))
        case = transition_case(case, "clarification", user=cast.sup_a, reason="perlu keterangan tambahan").case
        assert (case.deadline_rule, case.deadline_at) == ("pemilu_decide_extended", at(2024, 3, 1))
    with time_machine.travel(datetime.datetime(2024, 2, 9, 10, 0, tzinfo=WIB), tick=False):
        pilkada = make_case(agency=cast.agency_a, known_on=D(2024, 2, 5), election="pilkada2024")
        pilkada = walk(
            pilkada, [("initial_review", cast.sup_a, {}), ("registered", cast.sup_a, {"registration_number": "8"})]
        )
        assert (pilkada.deadline_rule, pilkada.deadline_at) == ("bawaslu_decide", at(2024, 2, 12))


@pytest.mark.django_db
def test_it_lets_a_pemilu_reporter_complete_within_seven_working_days(cast: Any) -> None:
    with time_machine.travel(datetime.datetime(2024, 2, 6, 10, 0, tzinfo=WIB), tick=False):
        pemilu = make_case(agency=cast.agency_a, known_on=D(2024, 2, 5), election="pemilu2024")
        pilkada = make_case(agency=cast.agency_a, known_on=D(2024, 2, 5), election="pilkada2024")
        steps = [
            ("initial_review", cast.sup_a, {}),
            ("not_registered", cast.sup_a, {"not_registered_reason": "formal"}),
        ]
        pemilu, pilkada = walk(pemilu, steps), walk(pilkada, steps)
        assert (pemilu.deadline_rule, pemilu.deadline_at) == ("pemilu_report_window", at(2024, 2, 16))
    # Thu 15 Feb: day 10 on the calendar, working day 6 → only the Pemilu case may re-open
    with time_machine.travel(datetime.datetime(2024, 2, 15, 10, 0, tzinfo=WIB), tick=False):
        pemilu = transition_case(pemilu, "initial_review", user=cast.sup_a, reason="syarat dilengkapi").case
        assert pemilu.status == "initial_review"
        with pytest.raises(TransitionRefused):
            transition_case(pilkada, "initial_review", user=cast.sup_a, reason="syarat dilengkapi")


@pytest.mark.django_db
def test_it_shows_which_regulation_applies_on_the_case_page(client: Any, cast: Any) -> None:
    pemilu = make_case(agency=cast.agency_a, election="pemilu2024")
    pilkada = make_case(agency=cast.agency_a, election="pilkada2024")
    assert client.login(username=cast.sup_a.username, password=PASSWORD)
    page = client.get(reverse("cases:detail", args=[pemilu.number])).content.decode()
    assert "Pemilihan umum (Pemilu)" in page and "UU 7/2017 Pasal 454" in page
    page = client.get(reverse("cases:detail", args=[pilkada.number])).content.decode()
    assert "Pemilihan kepala daerah (Pilkada)" in page and "UU 7/2017" not in page
