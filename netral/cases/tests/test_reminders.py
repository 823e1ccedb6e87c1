"""Reminders before a deadline, escalations after, never twice; notifications after a transition."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
import time_machine
from django.core.management import call_command

from netral.cases.models import Case, DeadlineReminder
from netral.cases.tests.helpers import make_case, to_recommended, walk

pytestmark = pytest.mark.django_db


def run() -> str:
    out = io.StringIO()
    call_command("send_deadline_reminders", stdout=out)
    return out.getvalue()


WIB = datetime.timezone(datetime.timedelta(hours=7))


def registered_on_friday(cast: Any) -> Case:
    with time_machine.travel(datetime.datetime(2024, 11, 22, 10, 0, tzinfo=WIB), tick=False):
        case = make_case(agency=cast.agency_a)
        return walk(
            case, [("initial_review", cast.sup_a, {}), ("registered", cast.sup_a, {"registration_number": "7"})]
        )


def test_it_reminds_the_regency_supervisor_once_before_the_deadline(cast: Any, mailoutbox: Any) -> None:
    case = registered_on_friday(cast)  # decision due Monday 25 Nov 23:59
    with time_machine.travel(datetime.datetime(2024, 11, 23, 12, 0, tzinfo=WIB), tick=False):
        run()
    assert mailoutbox == []  # more than a day left
    with time_machine.travel(datetime.datetime(2024, 11, 25, 8, 0, tzinfo=WIB), tick=False):
        run()
        run()
    assert [m.to for m in mailoutbox] == [["sup_banjar@example.test"]]
    assert case.number in mailoutbox[0].subject and "Pengingat" in mailoutbox[0].subject
    assert DeadlineReminder.objects.filter(case=case, kind="reminder").count() == 1


def test_it_escalates_to_the_next_level_up_after_the_deadline(cast: Any, mailoutbox: Any) -> None:
    case = registered_on_friday(cast)
    with time_machine.travel(datetime.datetime(2024, 11, 26, 8, 0, tzinfo=WIB), tick=False):
        run()
        run()
    recipients = sorted(m.to[0] for m in mailoutbox)
    assert recipients == ["sup_banjar@example.test", "sup_jabar@example.test"]
    assert all("Eskalasi" in m.subject for m in mailoutbox)
    assert "Pelapor Rahasia" not in mailoutbox[0].body
    # a new clock (clarification extends to 3 + 2 days) is a new deadline: reminded again
    with time_machine.travel(datetime.datetime(2024, 11, 26, 9, 0, tzinfo=WIB), tick=False):
        walk(case, [("clarification", cast.sup_a, {"reason": "minta keterangan"})])
    with time_machine.travel(datetime.datetime(2024, 11, 27, 9, 0, tzinfo=WIB), tick=False):
        run()
    assert DeadlineReminder.objects.filter(case=case).count() == 2


def test_it_reminds_the_ppk_and_escalates_to_bkn(cast: Any, mailoutbox: Any, settings: Any) -> None:
    settings.NETRAL_DEADLINES = {**settings.NETRAL_DEADLINES, "ppk_followup_days": 14}
    with time_machine.travel(datetime.datetime(2024, 12, 2, 10, 0, tzinfo=WIB), tick=False):
        case = to_recommended(make_case(agency=cast.agency_a), cast)
    with time_machine.travel(datetime.datetime(2024, 12, 16, 10, 0, tzinfo=WIB), tick=False):
        run()
    assert [m.to[0] for m in mailoutbox] == ["ppk_banjar@example.test"]
    mailoutbox.clear()
    with time_machine.travel(datetime.datetime(2024, 12, 17, 10, 0, tzinfo=WIB), tick=False):
        run()
    assert sorted(m.to[0] for m in mailoutbox) == ["bkn@example.test", "ppk_banjar@example.test"]
    assert case.number in mailoutbox[0].body


def test_it_sends_nothing_for_stopped_clocks(cast: Any, mailoutbox: Any) -> None:
    case = registered_on_friday(cast)
    with time_machine.travel(datetime.datetime(2024, 11, 24, 8, 0, tzinfo=WIB), tick=False):
        walk(case, [("not_violation", cast.sup_a, {})])
    with time_machine.travel(datetime.datetime(2024, 12, 30, 8, 0, tzinfo=WIB), tick=False):
        run()
    assert mailoutbox == []


def test_it_notifies_the_next_party_after_a_transition(
    cast: Any, mailoutbox: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        case = to_recommended(make_case(agency=cast.agency_a), cast)
    assert any(m.to == ["ppk_banjar@example.test"] and case.number in m.subject for m in mailoutbox)
    assert case.transitions.filter(notified=False).count() == 0
