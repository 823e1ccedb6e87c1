"""The Gakkumdu investigation clock: 14 working days once a criminal matter is forwarded."""

from __future__ import annotations

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from netral.cases.deadlines import clock_for, deadline, regulation_for
from netral.cases.selectors import queue_for
from netral.cases.services import transition_case
from netral.cases.tests.helpers import make_case, to_violation

WIB = ZoneInfo("Asia/Jakarta")
D = datetime.date
HOLIDAYS = frozenset({D(2024, 11, 27), D(2024, 12, 25), D(2024, 12, 26)})


def at(y: int, m: int, d: int, hh: int = 23, mm: int = 59, ss: int = 59) -> datetime.datetime:
    return datetime.datetime(y, m, d, hh, mm, ss, tzinfo=WIB)


def test_it_counts_fourteen_working_days_for_the_investigation():
    # forwarded Mon 25 Nov 2024: Tue 26, (Wed 27 voting day), Thu 28, Fri 29, Mon 2 … Fri 6, Mon 9 … Fri 13, Mon 16
    assert deadline("gakkumdu_investigation", D(2024, 11, 25), tz=WIB, holidays=HOLIDAYS) == at(2024, 12, 16)
    # forwarded Fri 13 Dec: Mon 16 … Fri 20 (5), Mon 23, Tue 24 (7), (25, 26 Christmas), Fri 27, Mon 30, Tue 31 (10),
    # (Wed 1 Jan), Thu 2, Fri 3, Mon 6, Tue 7 (14)
    assert deadline("gakkumdu_investigation", D(2024, 12, 13), tz=WIB, holidays=HOLIDAYS | {D(2025, 1, 1)}) == at(
        2025, 1, 7
    )


def test_it_runs_only_for_the_gakkumdu_route_in_both_sets():
    anchors = {"forwarded_at": at(2024, 11, 25, 10, 0, 0), "route": "gakkumdu"}
    for kind in ("pilkada", "pemilu"):
        found = clock_for("forwarded_other", anchors, tz=WIB, holidays=HOLIDAYS, regulation=regulation_for(kind))
        assert found == ("gakkumdu_investigation", at(2024, 12, 16))
    for route in ("dkpp", "kpu", "bupati", "tni", "polri", ""):
        assert clock_for("forwarded_other", {**anchors, "route": route}, tz=WIB) is None


@pytest.mark.django_db
def test_it_puts_a_gakkumdu_case_in_the_supervisors_queue_and_reminds_them(cast, mailoutbox):
    with time_machine.travel(datetime.datetime(2024, 11, 25, 10, 0, tzinfo=WIB), tick=False):
        criminal = to_violation(make_case(agency=cast.agency_a), cast.sup_a)
        criminal = transition_case(
            criminal, "forwarded_other", user=cast.sup_a, reason="unsur pidana", route="gakkumdu"
        )
        ethics = to_violation(make_case(agency=cast.agency_a, subject_kind="penyelenggara"), cast.sup_a)
        ethics = transition_case(ethics, "forwarded_other", user=cast.sup_a, reason="kode etik", route="dkpp")
    assert (criminal.deadline_rule, criminal.deadline_at) == ("gakkumdu_investigation", at(2024, 12, 16))
    assert ethics.deadline_at is None
    queue = set(queue_for(cast.sup_a).values_list("number", flat=True))
    assert criminal.number in queue and ethics.number not in queue
    mailoutbox.clear()
    with time_machine.travel(datetime.datetime(2024, 12, 16, 8, 0, tzinfo=WIB), tick=False):
        call_command("send_deadline_reminders", stdout=io.StringIO())
    assert [m.to for m in mailoutbox] == [["sup_banjar@example.test"]]
    assert criminal.number in mailoutbox[0].subject
    # closing the forwarded case stops the clock
    with time_machine.travel(datetime.datetime(2024, 12, 17, 8, 0, tzinfo=WIB), tick=False):
        closed = transition_case(criminal, "closed", user=cast.sup_a, reason="berkas dilimpahkan")
    assert closed.deadline_at is None
