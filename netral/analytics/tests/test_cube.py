"""The cube gives exactly the live figures for every wide persona, for combined filters too.

The hand-made world of ``conftest.world`` is spread over three months, two elections, two
stages and two violation types, and one person (ASN) is the subject of cases in two regencies
and two statuses, so the persons figure must count distinct people, not cells.
"""

from __future__ import annotations

import datetime
import itertools
import re
from typing import Any

import pytest
from django.utils import timezone

from netral.analytics import rollup, selectors
from netral.analytics.forms import Filters

WIDE = ["sup_ri", "sup_prov", "bkn", "admin"]


def _at(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def spread(world: Any) -> dict[str, Any]:
    """Dates, elections, stages, violation types and persons over the world's cases."""
    from netral.cases.models import Case, ViolationType
    from netral.prevention.tests.helpers import make_asn
    from netral.regions.models import Election, Stage
    from netral.reports.models import Report

    elections = list(Election.objects.order_by("pk")[:2])
    stage_a, stage_b = list(Stage.objects.filter(election=elections[0]).order_by("pk")[:2])
    vt_a = ViolationType.objects.create(
        code="UJI-A", table="skb-etik", title_id="Uji A", title_en="Test A", track="ethics"
    )
    vt_b = ViolationType.objects.create(
        code="UJI-B", table="skb-disiplin", title_id="Uji B", title_en="Test B", track="discipline"
    )
    person = make_asn(world.cast.agency_a, name="Budi Santoso")
    person.position_class = "jpt"
    person.save()
    other = make_asn(world.cast.agency_b, name="Rina Wati")
    other.position_class = "pelaksana"
    other.save()
    # (created, election, stage, violation types, asn, subject kind) per case
    plan = {
        "c1": (datetime.date(2024, 9, 15), 0, stage_a, [vt_a, vt_b], person, "asn"),
        "c2": (datetime.date(2024, 10, 1), 0, stage_a, [vt_a], person, "asn"),
        "c3": (datetime.date(2024, 10, 31), 0, stage_b, [vt_b], None, "asn"),
        "c4": (datetime.date(2024, 11, 1), 1, None, [], None, "kepala_desa"),
        "c5": (datetime.date(2024, 9, 30), 0, stage_b, [vt_b], person, "asn"),
        "c6": (datetime.date(2024, 11, 20), 1, None, [vt_a], other, "asn"),
        "c7": (datetime.date(2024, 10, 10), None, None, [], None, "asn"),
        "c8": (datetime.date(2024, 11, 5), 0, stage_a, [vt_a], other, "asn"),
    }
    from netral.cases.choices import SubjectKind

    kinds = set(SubjectKind.values)
    for key, (day, election, stage, types, asn, subject) in plan.items():
        case = world.cases[key]
        # Late evening local time: the month must be the local one, not UTC's.
        hour = 23 if key in ("c3", "c5") else 12
        Case.objects.filter(pk=case.pk).update(
            created_at=_at(day, hour),
            election=elections[election] if election is not None else None,
            stage=stage,
            asn=asn,
            subject_kind=subject if subject in kinds else SubjectKind.values[-1],
        )
        case.violation_types.set(types)
    # The report on c1 arrives in August, its case opens in September.
    Report.objects.filter(case=world.cases["c1"]).update(submitted_at=_at(datetime.date(2024, 8, 30)))
    Report.objects.filter(case=world.cases["c2"]).update(
        submitted_at=_at(datetime.date(2024, 10, 1)), election=elections[0], asn=person
    )
    rollup.refresh()
    return {"elections": elections, "stages": (stage_a, stage_b), "person": person}


def _combinations(spread: dict[str, Any]) -> list[Filters]:
    from netral.cases.choices import SubjectKind

    e0, e1 = (e.code for e in spread["elections"])
    sa, sb = (s.pk for s in spread["stages"])
    months = [
        {"date_from": datetime.date(2024, 9, 1), "date_to": datetime.date(2024, 9, 30)},
        {"date_from": datetime.date(2024, 10, 1), "date_to": datetime.date(2024, 11, 30)},
        {"date_from": datetime.date(2024, 10, 1)},
        {"date_to": datetime.date(2024, 10, 31)},
    ]
    out = [Filters(**m) for m in months]
    out += [Filters(violation=v) for v in ("UJI-A", "UJI-B")]
    out += [Filters(election=e) for e in (e0, e1)]
    out += [Filters(election=e0, stage=sa), Filters(election=e0, stage=sb), Filters(election=e1, stage=sa)]
    out += [Filters(violation="UJI-A", status="recommended"), Filters(violation="UJI-B", region="32")]
    out += [
        Filters(status=s, subject=k) for s, k in itertools.product(("violation", "recommended"), SubjectKind.values)
    ]
    out += [Filters(position="jpt", status="violation"), Filters(position="pelaksana", election=e1)]
    out += [Filters(position="jpt")]
    out += [Filters(violation="UJI-A", **months[1]), Filters(stage=sa, status="recommended", **months[0])]
    out += [Filters(region="32", election=e0, violation="UJI-A", **months[2])]
    return out


@pytest.mark.parametrize("who", WIDE)
def test_it_answers_combined_filters_the_same_from_the_cube_as_live(world: Any, spread: Any, who: str) -> None:
    user = getattr(world.cast, who)
    for f in _combinations(spread) + [Filters()]:
        assert rollup.usable(user, f), f
        live = selectors.dashboard(user, f, live=True)
        cube = rollup.dashboard(user, f)
        for key in live:
            if key != "source":
                assert cube[key] == live[key], (who, f, key)


def test_it_counts_a_person_in_two_cells_once(world: Any, spread: Any) -> None:
    """Budi is the subject of c1 (Banjar, violation), c2 (Banjar, recommended) and c5 (Purwakarta)."""
    user = world.cast.sup_ri
    data = rollup.dashboard(user, Filters())
    assert data["totals"]["persons"]["count"] == 2  # Budi and Rina, not 5 (cases) nor 4 (cells)
    assert data["totals"]["persons"]["unit"] == "orang (ASN)"
    assert rollup.dashboard(world.cast.sup_prov, Filters())["totals"]["persons"]["count"] == 2
    assert rollup.dashboard(user, Filters(violation="UJI-A"))["totals"]["persons"]["count"] == 2
    assert rollup.dashboard(user, Filters(violation="UJI-B"))["totals"]["persons"]["count"] == 1
    assert rollup.dashboard(user, Filters(position="jpt", status="violation"))["totals"]["persons"]["count"] == 1


def test_it_counts_reports_by_their_own_date_under_case_filters(world: Any, spread: Any) -> None:
    """The report on c1 came in August; c1 opened in September with type UJI-A."""
    user = world.cast.sup_ri
    august = {"date_from": datetime.date(2024, 8, 1), "date_to": datetime.date(2024, 8, 31)}
    f = Filters(violation="UJI-A", **august)
    live = selectors.dashboard(user, f, live=True)
    assert live["totals"]["reports"]["count"] == 1 and live["totals"]["cases"]["count"] == 0
    assert rollup.dashboard(user, f)["totals"] == live["totals"]


def test_it_chooses_the_cube_or_live_truthfully(world: Any, spread: Any) -> None:
    user = world.cast.sup_ri
    e0 = spread["elections"][0].code
    cube = [
        Filters(status="violation", subject="asn"),
        Filters(violation="UJI-A"),
        Filters(election=e0, stage=spread["stages"][0].pk),
        Filters(date_from=datetime.date(2024, 10, 1), date_to=datetime.date(2024, 10, 31)),
    ]
    for f in cube:
        assert selectors.dashboard(user, f)["source"] == "rollup", f
    live = [
        Filters(date_from=datetime.date(2024, 10, 2)),  # cuts a month
        Filters(date_to=datetime.date(2024, 10, 30)),
        Filters(status="joined"),
        Filters(region="32.79", status="violation"),
        Filters(agency="pemkot-banjar"),
        Filters(ppk="overdue"),
    ]
    for f in live:
        assert selectors.dashboard(user, f)["source"] == "live", f
    assert selectors.dashboard(world.cast.sup_a, Filters(violation="UJI-A"))["source"] == "live"


def test_it_says_which_source_answered_in_the_header(world: Any, spread: Any, client: Any) -> None:
    client.force_login(world.cast.sup_ri)
    r = client.get("/statistik/", {"status": "recommended", "violation": "UJI-A", "date_from": "2024-10-01"})
    assert r.status_code == 200 and r["X-Netral-Figures"] == "rollup"
    assert b'data-source="rollup"' in r.content
    r = client.get("/statistik/", {"date_from": "2024-10-02"})
    assert r.status_code == 200 and r["X-Netral-Figures"] == "live"
    r = client.get("/statistik/", {"violation": "NOPE", "date_from": "2024-13-01"})
    assert r.status_code == 400


def test_it_answers_the_month_pickers_from_the_cube(world: Any, spread: Any, client: Any) -> None:
    """The form's month pickers give whole months, so a picked range never falls back to live."""
    client.force_login(world.cast.sup_ri)
    months = client.get("/statistik/", {"date_from": "2024-10", "date_to": "2024-11"})
    assert months.status_code == 200 and months["X-Netral-Figures"] == "rollup"
    same = client.get("/statistik/", {"date_from": "2024-10-01", "date_to": "2024-11-30"})
    assert same["X-Netral-Figures"] == "rollup"
    figures = re.compile(rb'data-total="([a-z_]+)"><a href="[^"]*">([0-9]+)</a>')
    assert figures.findall(months.content) == figures.findall(same.content) != []
    html = months.content.decode()
    assert '<input type="month" name="date_from" value="2024-10"' in html
    assert '<input type="month" name="date_to" value="2024-11"' in html
    # An exact date that cuts a month stays exact: shown as a date, counted live.
    cut = client.get("/statistik/", {"date_from": "2024-10-02"})
    assert cut["X-Netral-Figures"] == "live"
    assert '<input type="date" name="date_from" value="2024-10-02"' in cut.content.decode()
