"""The Gakkumdu investigation clock: 14 working days once a criminal matter is forwarded."""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from netral.accounts.models import User
from netral.cases.deadlines import clock_for, deadline, regulation_for
from netral.cases.models import Case
from netral.cases.selectors import queue_for
from netral.cases.services import TransitionRefused, transition_case
from netral.cases.tests.helpers import make_case, to_violation

WIB = ZoneInfo("Asia/Jakarta")
D = datetime.date
HOLIDAYS = frozenset({D(2024, 11, 27), D(2024, 12, 25), D(2024, 12, 26)})


def at(y: int, m: int, d: int, hh: int = 23, mm: int = 59, ss: int = 59) -> datetime.datetime:
    return datetime.datetime(y, m, d, hh, mm, ss, tzinfo=WIB)


def test_it_counts_fourteen_working_days_for_the_investigation() -> None:
    # forwarded Mon 25 Nov 2024: Tue 26, (Wed 27 voting day), Thu 28, Fri 29, Mon 2 … Fri 6, Mon 9 … Fri 13, Mon 16
    assert deadline("gakkumdu_investigation", D(2024, 11, 25), tz=WIB, holidays=HOLIDAYS) == at(2024, 12, 16)
    # forwarded Fri 13 Dec: Mon 16 … Fri 20 (5), Mon 23, Tue 24 (7), (25, 26 Christmas), Fri 27, Mon 30, Tue 31 (10),
    # (Wed 1 Jan), Thu 2, Fri 3, Mon 6, Tue 7 (14)
    assert deadline("gakkumdu_investigation", D(2024, 12, 13), tz=WIB, holidays=HOLIDAYS | {D(2025, 1, 1)}) == at(
        2025, 1, 7
    )


def test_it_runs_only_for_the_gakkumdu_route_in_both_sets() -> None:
    anchors = {"forwarded_at": at(2024, 11, 25, 10, 0, 0), "route": "gakkumdu"}
    for kind in ("pilkada", "pemilu"):
        found = clock_for("forwarded_other", anchors, tz=WIB, holidays=HOLIDAYS, regulation=regulation_for(kind))
        assert found == ("gakkumdu_investigation", at(2024, 12, 16))
    for route in ("dkpp", "kpu", "bupati", "tni", "polri", ""):
        assert clock_for("forwarded_other", {**anchors, "route": route}, tz=WIB) is None


@pytest.mark.django_db
def test_it_puts_a_gakkumdu_case_in_the_supervisors_queue_and_reminds_them(cast: Any, mailoutbox: Any) -> None:
    with time_machine.travel(datetime.datetime(2024, 11, 25, 10, 0, tzinfo=WIB), tick=False):
        criminal = to_violation(make_case(agency=cast.agency_a), cast.sup_a)
        criminal = transition_case(
            criminal, "forwarded_other", user=cast.sup_a, reason="unsur pidana", route="gakkumdu"
        ).case
        ethics = to_violation(make_case(agency=cast.agency_a, subject_kind="penyelenggara"), cast.sup_a)
        ethics = transition_case(ethics, "forwarded_other", user=cast.sup_a, reason="kode etik", route="dkpp").case
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
        closed = transition_case(criminal, "closed", user=cast.sup_a, reason="berkas dilimpahkan").case
    assert closed.deadline_at is None


# --- the criminal file's steps after forwarding (domain §8) ------------------------------------------


def wib(y: int, m: int, d: int, hh: int = 10) -> datetime.datetime:
    return datetime.datetime(y, m, d, hh, 0, tzinfo=WIB)


def forwarded_to_gakkumdu(cast: Any) -> Case:
    """A violation forwarded to Sentra Gakkumdu by Kota Banjar's supervisor on Thu 21 Nov 2024."""
    with time_machine.travel(wib(2024, 11, 21), tick=False):
        case = to_violation(make_case(agency=cast.agency_a), cast.sup_a)
        return transition_case(case, "forwarded_other", user=cast.sup_a, reason="unsur pidana", route="gakkumdu").case


def step(case: Case, status: str, user: User, day: datetime.datetime, **fields: Any) -> Case:
    with time_machine.travel(day, tick=False):
        return transition_case(case, status, user=user, reason=fields.pop("reason", f"catatan {status}"), **fields).case


def test_it_counts_each_file_step_in_working_days_across_weekends_and_holidays() -> None:
    # return: submitted Fri 22 Nov → Mon 25, Tue 26, (Wed 27 voting day), Thu 28
    assert deadline("gakkumdu_return", D(2024, 11, 22), tz=WIB, holidays=HOLIDAYS) == at(2024, 11, 28)
    # re-submission: returned Tue 26 Nov → (Wed 27), Thu 28, Fri 29, (Sat, Sun), Mon 2 Dec
    assert deadline("gakkumdu_resubmit", D(2024, 11, 26), tz=WIB, holidays=HOLIDAYS) == at(2024, 12, 2)
    # court filing: complete Fri 20 Dec → Mon 23, Tue 24, (25, 26 Christmas), Fri 27, (Sat, Sun), Mon 30, Tue 31
    assert deadline("gakkumdu_court_filing", D(2024, 12, 20), tz=WIB, holidays=HOLIDAYS) == at(2024, 12, 31)
    # without the holidays the same periods are shorter: the holiday table is what moves them
    assert deadline("gakkumdu_return", D(2024, 11, 22), tz=WIB) == at(2024, 11, 27)
    assert deadline("gakkumdu_court_filing", D(2024, 12, 20), tz=WIB) == at(2024, 12, 27)


def test_it_runs_the_same_file_clocks_in_pilkada_and_pemilu() -> None:
    anchors = {
        "gakkumdu_submitted_at": at(2024, 11, 22, 10, 0, 0),
        "gakkumdu_returned_at": at(2024, 11, 26, 10, 0, 0),
        "gakkumdu_complete_at": at(2024, 12, 20, 10, 0, 0),
    }
    expected = {
        "gakkumdu_submitted": ("gakkumdu_return", at(2024, 11, 28)),
        "gakkumdu_returned": ("gakkumdu_resubmit", at(2024, 12, 2)),
        "gakkumdu_complete": ("gakkumdu_court_filing", at(2024, 12, 31)),
        "gakkumdu_court": None,  # in court no clock of ours runs
    }
    for kind in ("pilkada", "pemilu"):
        for status, want in expected.items():
            got = clock_for(status, anchors, tz=WIB, holidays=HOLIDAYS, regulation=regulation_for(kind))
            assert got == want, (kind, status)


def test_it_reads_the_file_periods_from_settings(settings: Any) -> None:
    from netral.cases.deadlines import values_from_settings

    settings.NETRAL_DEADLINES = {**settings.NETRAL_DEADLINES, "gakkumdu_court_filing_working_days": 7}
    vals = values_from_settings()
    assert vals["gakkumdu_return_working_days"] == 3 and vals["gakkumdu_resubmit_working_days"] == 3
    # complete Fri 20 Dec + 7 working days: … Tue 31, (Wed 1 Jan not in this table) Wed 1, Thu 2 Jan
    assert deadline("gakkumdu_court_filing", D(2024, 12, 20), tz=WIB, holidays=HOLIDAYS, values=vals) == at(2025, 1, 2)


@pytest.mark.django_db
def test_it_walks_the_criminal_file_from_prosecutor_to_court_to_closed(cast: Any) -> None:
    from netral.cases.models import CaseTransition
    from netral.core.models import ObjectChange

    case = forwarded_to_gakkumdu(cast)
    case = step(case, "gakkumdu_submitted", cast.sup_a, wib(2024, 11, 22))  # Fri
    assert case.status == "gakkumdu_submitted" and case.gakkumdu_submitted_at == wib(2024, 11, 22)
    assert (case.deadline_rule, case.deadline_at) == ("gakkumdu_return", at(2024, 11, 28))
    case = step(case, "gakkumdu_returned", cast.sup_a, wib(2024, 11, 26), reason="saksi kedua belum diperiksa")
    assert (case.deadline_rule, case.deadline_at) == ("gakkumdu_resubmit", at(2024, 12, 2))
    case = step(case, "gakkumdu_submitted", cast.sup_a, wib(2024, 11, 29), reason="berkas dilengkapi")  # Fri
    # the re-submission restarts the prosecutor's 3 working days: Mon 2, Tue 3, Wed 4 Dec
    assert case.gakkumdu_submitted_at == wib(2024, 11, 29)
    assert (case.deadline_rule, case.deadline_at) == ("gakkumdu_return", at(2024, 12, 4))
    case = step(case, "gakkumdu_complete", cast.sup_a, wib(2024, 12, 3), reason="P-21")
    assert (case.deadline_rule, case.deadline_at) == ("gakkumdu_court_filing", at(2024, 12, 10))
    with pytest.raises(TransitionRefused) as exc:
        step(case, "gakkumdu_court", cast.sup_a, wib(2024, 12, 9), court_case_number="   ")
    assert "court_case_number" in exc.value.errors
    case = step(case, "gakkumdu_court", cast.sup_a, wib(2024, 12, 9), court_case_number=" 31/Pid.S/2024/PN Bjr ")
    assert case.court_case_number == "31/Pid.S/2024/PN Bjr" and case.gakkumdu_court_at == wib(2024, 12, 9)
    assert (case.deadline_rule, case.deadline_at) == ("", None)
    case = step(case, "closed", cast.sup_a, wib(2024, 12, 16), reason="putusan PN: terbukti, pidana percobaan")
    assert case.status == "closed" and case.closed_at == wib(2024, 12, 16)

    moves = list(CaseTransition.objects.filter(case=case).values_list("from_status", "to_status"))
    assert moves[-7:] == [
        ("violation", "forwarded_other"),
        ("forwarded_other", "gakkumdu_submitted"),
        ("gakkumdu_submitted", "gakkumdu_returned"),
        ("gakkumdu_returned", "gakkumdu_submitted"),
        ("gakkumdu_submitted", "gakkumdu_complete"),
        ("gakkumdu_complete", "gakkumdu_court"),
        ("gakkumdu_court", "closed"),
    ]
    court = CaseTransition.objects.get(case=case, to_status="gakkumdu_court")
    assert court.data == {"court_case_number": "31/Pid.S/2024/PN Bjr"} and court.user == cast.sup_a
    assert CaseTransition.objects.get(case=case, to_status="gakkumdu_returned").reason == "saksi kedua belum diperiksa"
    changes = ObjectChange.objects.filter(object_type="cases.case", object_id=str(case.pk), action="update")
    statuses = [c.postchange["status"] for c in changes.order_by("time", "id") if c.postchange]
    assert statuses[-6:] == [
        "gakkumdu_submitted",
        "gakkumdu_returned",
        "gakkumdu_submitted",
        "gakkumdu_complete",
        "gakkumdu_court",
        "closed",
    ]
    returned = next(c for c in changes if c.postchange and c.postchange["status"] == "gakkumdu_returned")
    assert returned.prechange is not None
    assert returned.prechange["status"] == "gakkumdu_submitted" and returned.user == cast.sup_a


@pytest.mark.django_db
@pytest.mark.parametrize("source", ["forwarded_other", "gakkumdu_submitted", "gakkumdu_returned"])
def test_it_closes_a_stopped_investigation_with_a_reason(cast: Any, source: str) -> None:
    case = forwarded_to_gakkumdu(cast)
    path = {"forwarded_other": [], "gakkumdu_submitted": ["gakkumdu_submitted"]}
    path["gakkumdu_returned"] = ["gakkumdu_submitted", "gakkumdu_returned"]
    for status in path[source]:
        case = step(case, status, cast.sup_a, wib(2024, 11, 22))
    with pytest.raises(TransitionRefused) as exc:
        step(case, "closed", cast.sup_a, wib(2024, 11, 25), reason="")
    assert "reason" in exc.value.errors
    case = step(case, "closed", cast.sup_a, wib(2024, 11, 25), reason="SP3: bukan tindak pidana pemilihan")
    assert case.status == "closed" and case.deadline_at is None
    # a closed case cannot jump to the court
    with pytest.raises(TransitionRefused, match="tidak diizinkan"):
        step(case, "gakkumdu_court", cast.sup_a, wib(2024, 11, 25), court_case_number="1")


@pytest.mark.django_db
@pytest.mark.parametrize(("subject_kind", "route", "label"), [("asn", "kpu", "KPU"), ("penyelenggara", "dkpp", "DKPP")])
def test_it_refuses_the_file_steps_for_other_routes(cast: Any, subject_kind: str, route: str, label: str) -> None:
    from netral.cases.models import CaseTransition
    from netral.cases.workflow import transitions_for

    with time_machine.travel(wib(2024, 11, 21), tick=False):
        case = to_violation(make_case(agency=cast.agency_a, subject_kind=subject_kind), cast.sup_a)
        case = transition_case(case, "forwarded_other", user=cast.sup_a, reason="teruskan", route=route).case
    before = CaseTransition.objects.filter(case=case).count()
    with pytest.raises(TransitionRefused) as exc:
        step(case, "gakkumdu_submitted", cast.sup_a, wib(2024, 11, 22))
    message = exc.value.errors[""][0]
    assert "hanya untuk perkara yang diteruskan ke Sentra Gakkumdu" in message and label in message
    # a skipped step names only the moves this case may make
    with pytest.raises(TransitionRefused, match="tidak diizinkan") as exc:
        step(case, "gakkumdu_complete", cast.sup_a, wib(2024, 11, 22))
    assert "«Selesai»" in str(exc.value) and "penuntut umum" not in str(exc.value)
    case.refresh_from_db()
    assert case.status == "forwarded_other" and case.gakkumdu_submitted_at is None
    assert CaseTransition.objects.filter(case=case).count() == before
    # the case page offers only closing; a Gakkumdu case also offers the file step
    assert [t.target for t in transitions_for(case, cast.sup_a)] == ["closed"]
    gakkumdu = forwarded_to_gakkumdu(cast)
    assert {t.target for t in transitions_for(gakkumdu, cast.sup_a)} == {"closed", "gakkumdu_submitted"}
    # other routes keep their behaviour: closing still works
    case = step(case, "closed", cast.sup_a, wib(2024, 11, 25), reason="diterima instansi tujuan")
    assert case.status == "closed"


@pytest.mark.django_db
def test_it_lets_only_the_cases_supervisors_record_the_file(cast: Any) -> None:
    case = forwarded_to_gakkumdu(cast)
    for user in (cast.sup_b, cast.bkn, cast.ppk_a, cast.analyst_a):
        with pytest.raises(TransitionRefused):
            step(case, "gakkumdu_submitted", user, wib(2024, 11, 22))
    # the province supervisor covers Kota Banjar
    assert step(case, "gakkumdu_submitted", cast.sup_prov, wib(2024, 11, 22)).status == "gakkumdu_submitted"


@pytest.mark.django_db
def test_it_reminds_and_escalates_an_overdue_file_step(cast: Any, mailoutbox: Any) -> None:
    from netral.cases.models import DeadlineReminder

    case = step(forwarded_to_gakkumdu(cast), "gakkumdu_submitted", cast.sup_a, wib(2024, 11, 22))
    mailoutbox.clear()
    with time_machine.travel(wib(2024, 11, 28, 8), tick=False):  # the prosecutor's last day
        call_command("send_deadline_reminders", stdout=io.StringIO())
    assert [m.to for m in mailoutbox] == [["sup_banjar@example.test"]]
    assert "Pengingat" in mailoutbox[0].subject and "Penuntut umum mengembalikan berkas" in mailoutbox[0].body
    mailoutbox.clear()
    with time_machine.travel(wib(2024, 11, 29, 8), tick=False):  # overdue: the province too
        call_command("send_deadline_reminders", stdout=io.StringIO())
        call_command("send_deadline_reminders", stdout=io.StringIO())
    assert sorted(m.to[0] for m in mailoutbox) == ["sup_banjar@example.test", "sup_jabar@example.test"]
    assert all("Eskalasi" in m.subject and case.number in m.subject for m in mailoutbox)
    assert "Pelapor Rahasia" not in mailoutbox[0].body
    # the return starts a new clock, reminded on its own
    case = step(case, "gakkumdu_returned", cast.sup_a, wib(2024, 11, 29, 9))
    mailoutbox.clear()
    with time_machine.travel(wib(2024, 12, 3, 8), tick=False):  # re-submission due Wed 4 Dec: too early
        call_command("send_deadline_reminders", stdout=io.StringIO())
    assert mailoutbox == []
    with time_machine.travel(wib(2024, 12, 4, 8), tick=False):  # Mon 2, Tue 3, Wed 4 Dec: its last day
        call_command("send_deadline_reminders", stdout=io.StringIO())
    assert [m.to for m in mailoutbox] == [["sup_banjar@example.test"]]
    assert DeadlineReminder.objects.filter(case=case, rule="gakkumdu_resubmit", kind="reminder").count() == 1


@pytest.mark.django_db
def test_it_shows_the_step_its_clock_and_the_moves_on_the_case_page(client: Any, cast: Any) -> None:
    from django.urls import reverse

    from netral.testing import PASSWORD

    case = step(forwarded_to_gakkumdu(cast), "gakkumdu_submitted", cast.sup_a, wib(2024, 11, 22))
    case = step(case, "gakkumdu_returned", cast.sup_a, wib(2024, 11, 26))
    assert client.login(username=cast.sup_a.username, password=PASSWORD)
    with time_machine.travel(wib(2024, 11, 28, 10), tick=False):
        page = client.get(reverse("cases:detail", args=[case.number])).content.decode()
        listed = client.get(reverse("cases:list"), {"phase": "gakkumdu"}).content.decode()
        queued = client.get(reverse("cases:queue")).content.decode()
    assert 'id="case-status">Berkas dikembalikan penuntut umum<' in page
    assert "Penyidik menyerahkan kembali berkas, 3 hari kerja" in page  # the running clock
    assert "02/12/2024" in page and "sisa 4 hari" in page  # Mon 2 Dec 23:59 from Thu 28 Nov 10:00
    assert 'id="case-gakkumdu"' in page and 'data-step="gakkumdu_returned" aria-current="step"' in page
    assert 'data-target="gakkumdu_submitted"' in page and 'data-target="closed"' in page
    assert 'data-target="gakkumdu_complete"' not in page
    assert case.number in listed and case.number in queued
    # filing in court from the page needs the court's case number, shown at its field
    case = step(case, "gakkumdu_submitted", cast.sup_a, wib(2024, 11, 28))
    case = step(case, "gakkumdu_complete", cast.sup_a, wib(2024, 11, 29))
    url = reverse("cases:transition", args=[case.number, "gakkumdu_court"])
    response = client.post(url, {"t-gakkumdu_court-reason": "dilimpahkan"})
    assert response.status_code == 400 and "Nomor perkara pengadilan" in response.content.decode()
    response = client.post(
        url, {"t-gakkumdu_court-reason": "dilimpahkan", "t-gakkumdu_court-court_case_number": "7/Pid.S/2024/PN Bjr"}
    )
    assert response.status_code == 302
    page = client.get(reverse("cases:detail", args=[case.number])).content.decode()
    assert 'id="case-court-number">7/Pid.S/2024/PN Bjr<' in page and "Dilimpahkan ke pengadilan" in page
    assert page.count("(diserahkan kembali)") == 1  # the timeline marks the re-submission
    # the case list export carries the court's case number
    export = client.get(reverse("cases:export"), {"phase": "gakkumdu"})
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode())))
    column = rows[0].index("nomor_perkara_pengadilan")
    assert [r[column] for r in rows[1:] if r[0] == case.number] == ["7/Pid.S/2024/PN Bjr"]
