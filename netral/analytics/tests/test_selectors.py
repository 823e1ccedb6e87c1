"""Every dashboard figure on the hand-computed world, and scoping per role."""

from __future__ import annotations

from typing import Any

import pytest

from netral.analytics import selectors
from netral.analytics.forms import Filters


def counts(rows: list[dict[str, Any]]) -> dict[Any, int]:
    return {r["key"]: r["count"] for r in rows}


def test_it_counts_totals_with_their_units(world: Any) -> None:
    t = selectors.totals(world.cast.sup_ri, Filters())
    assert t["cases"]["count"] == 8
    assert t["reports"]["count"] == 2 and t["findings"]["count"] == 1
    assert t["recommendations"]["count"] == 4  # c2, c3, c5, c6
    assert t["recommendations"]["unit"] == "rekomendasi"
    assert t["cases"]["unit"] == "perkara"


@pytest.mark.parametrize(
    ("who", "cases"),
    [
        ("sup_ri", 8),
        ("sup_prov", 6),
        ("sup_a", 4),
        ("sup_b", 2),
        ("sup_other", 2),
        ("panwascam_a", 1),
        ("ppk_a", 2),
        ("ppk_b", 2),
        ("bkn", 4),
        ("analyst_a", 4),
        ("outsider", 0),
    ],
)
def test_it_scopes_every_figure_to_the_user(world: Any, who: str, cases: int) -> None:
    user = getattr(world.cast, who)
    data = selectors.dashboard(user, Filters())
    assert data["totals"]["cases"]["count"] == cases
    assert sum(r["count"] for r in data["by_status"]) == cases


def test_it_breaks_down_by_status_region_and_agency(world: Any) -> None:
    f = Filters()
    assert counts(selectors.by_status(world.cast.sup_prov, f)) == {
        "violation": 1,
        "recommended": 2,
        "sanctioned": 1,
        "received": 1,
        "refused": 1,
    }
    assert counts(selectors.by_region(world.cast.sup_ri, f)) == {"32": 6, "16": 2}
    assert counts(selectors.by_region(world.cast.sup_prov, f)) == {"32.79": 4, "32.14": 2}
    assert counts(selectors.by_agency(world.cast.sup_ri, f)) == {
        "pemkot-banjar": 4,
        "pemkab-purwakarta": 2,
        "pemkab-banyuasin": 2,
    }


def test_it_links_each_figure_to_the_rows_behind_it(world: Any) -> None:
    rows = selectors.by_status(world.cast.sup_prov, Filters(region="32"))
    url = next(r["url"] for r in rows if r["key"] == "recommended")
    assert url == "/statistik/rincian/?region=32&status=recommended"


def test_it_measures_handling_times_against_the_limit(world: Any) -> None:
    steps = {s["key"]: s for s in selectors.handling_times(world.cast.sup_ri, Filters())}
    decide = steps["decide"]
    assert decide["limit_days"] == 5
    assert decide["count"] == 2 and decide["in_time"] == 1  # 2 days (in time) and 7 days (late)
    assert decide["share"] == pytest.approx(0.5)
    assert decide["median_days"] == pytest.approx(4.5)
    ppk = steps["ppk"]
    assert ppk["count"] == 1 and ppk["in_time"] == 1 and ppk["median_days"] == 5


def test_it_computes_ppk_compliance_per_agency(world: Any) -> None:
    rows = {r["key"]: r for r in selectors.compliance(world.cast.sup_ri, Filters(), "agency")}
    a = rows["pemkot-banjar"]
    assert (a["received"], a["carried_out"], a["refused"], a["overdue"], a["pending"]) == (2, 1, 0, 1, 0)
    assert a["rate"] == pytest.approx(0.5)
    assert a["max_overdue_days"] == 6  # recommended 20 days ago, 14-day limit
    b = rows["pemkab-purwakarta"]
    assert (b["received"], b["carried_out"], b["refused"], b["overdue"], b["pending"]) == (2, 0, 1, 0, 1)
    assert b["rate"] == pytest.approx(0.0)  # 0 carried out of 1 decided
    assert a["urls"]["overdue"] == "/statistik/rincian/?agency=pemkot-banjar&ppk=overdue"


def test_it_shows_ppk_officers_only_their_agency(world: Any) -> None:
    rows = selectors.compliance(world.cast.ppk_a, Filters(), "agency")
    assert [r["key"] for r in rows] == ["pemkot-banjar"]
    assert selectors.totals(world.cast.ppk_a, Filters())["reports"]["count"] == 0  # laporan c1 not in PPK stage
    assert selectors.totals(world.cast.ppk_a, Filters())["findings"]["count"] == 1  # temuan on c2 (recommended)


def test_it_compares_compliance_per_region(world: Any) -> None:
    rows = {r["key"]: r for r in selectors.compliance(world.cast.sup_prov, Filters(), "region")}
    assert rows["32.79"]["received"] == 2 and rows["32.14"]["received"] == 2


def test_it_filters_by_the_ppk_outcome(world: Any) -> None:
    qs = selectors.cases(world.cast.sup_ri, Filters(ppk="overdue"))
    assert list(qs.values_list("number", flat=True)) == ["T-2"]


def test_it_puts_prevention_beside_the_violation_rate(world: Any) -> None:
    rows = {r["key"]: r for r in selectors.prevention(world.cast.sup_prov, Filters())}
    # Banjar: established violations c1, c2, c3 → 3 per 1000 ASN = 30 per 10 000
    assert rows["32.79"]["violations"] == 3
    assert rows["32.79"]["violation_rate"] == pytest.approx(30.0)
    assert rows["32.14"]["violations"] == 2


def test_it_trends_reports_and_cases_as_separate_series(world: Any) -> None:
    t = selectors.trend(world.cast.sup_ri, Filters())
    series = {s["key"]: sum(s["data"]) for s in t["series"]}
    assert series == {"laporan": 2, "temuan": 1, "perkara": 8}


@pytest.mark.parametrize("who", ["sup_ri", "sup_prov", "bkn", "admin"])
def test_it_answers_the_same_from_the_rollup_as_live(world: Any, who: str) -> None:
    from netral.analytics import rollup

    rollup.refresh()
    user = getattr(world.cast, who)
    for f in (Filters(), Filters(region="32"), Filters(region="16")):
        assert rollup.usable(user, f)
        live = selectors.dashboard(user, f, live=True)
        summed = rollup.dashboard(user, f)
        for key in live:
            if key != "source":
                assert summed[key] == live[key], (who, f, key)


def _rollup_filters() -> list[Filters]:
    from netral.cases.choices import CaseStatus, SubjectKind
    from netral.cases.models import Case
    from netral.personnel.choices import PositionClass

    out = [Filters(status=s) for s in CaseStatus.values if s != CaseStatus.JOINED]
    out += [Filters(subject=s) for s in SubjectKind.values]
    out += [Filters(position=p) for p in PositionClass.values]
    stages = set(Case.objects.exclude(stage=None).values_list("stage_id", flat=True))
    out += [Filters(stage=pk) for pk in sorted(stages)]
    out += [Filters(region="32", status="recommended"), Filters(region="32", subject=SubjectKind.values[0])]
    return out


@pytest.mark.parametrize("who", ["sup_ri", "sup_prov", "bkn", "admin"])
def test_it_answers_filtered_views_the_same_from_the_rollup_as_live(world: Any, who: str) -> None:
    from netral.analytics import rollup
    from netral.cases.models import Case
    from netral.regions.models import Stage

    stages = list(Stage.objects.order_by("pk")[:2])
    numbers = sorted(Case.objects.values_list("number", flat=True))
    for i, number in enumerate(numbers[:5]):  # the world's cases have no stage: give some one
        Case.objects.filter(number=number).update(stage=stages[i % 2])
    rollup.refresh()
    user = getattr(world.cast, who)
    filters = _rollup_filters()
    assert len([f for f in filters if f.stage]) == 2
    for f in filters:
        assert rollup.usable(user, f), f
        live = selectors.dashboard(user, f, live=True)
        summed = rollup.dashboard(user, f)
        for key in live:
            if key != "source":
                assert summed[key] == live[key], (who, f, key)


def test_it_uses_the_rollup_only_for_wide_views(world: Any) -> None:
    from netral.analytics import rollup

    rollup.refresh()
    assert selectors.dashboard(world.cast.sup_ri, Filters())["source"] == "rollup"
    assert selectors.dashboard(world.cast.bkn, Filters(region="32"))["source"] == "rollup"
    assert selectors.dashboard(world.cast.sup_ri, Filters(status="violation"))["source"] == "rollup"
    assert selectors.dashboard(world.cast.sup_ri, Filters(status="joined"))["source"] == "live"
    assert selectors.dashboard(world.cast.sup_ri, Filters(status="violation", subject="asn"))["source"] == "rollup"
    assert selectors.dashboard(world.cast.sup_ri, Filters(region="32.79"))["source"] == "live"
    assert selectors.dashboard(world.cast.sup_ri, Filters(agency="pemkot-banjar"))["source"] == "live"
    assert selectors.dashboard(world.cast.panwascam_a, Filters())["source"] == "live"
    assert selectors.dashboard(world.cast.sup_a, Filters())["source"] == "live"
    assert selectors.dashboard(world.cast.ppk_a, Filters())["source"] == "live"


def test_it_drills_into_late_and_timely_handling_steps(world: Any) -> None:
    late = selectors.cases(world.cast.sup_ri, Filters(step="decide", late="1"))
    timely = selectors.cases(world.cast.sup_ri, Filters(step="decide", late="0"))
    assert list(late.values_list("number", flat=True)) == ["T-8"]
    assert list(timely.values_list("number", flat=True)) == ["T-1"]
    step = next(s for s in selectors.handling_times(world.cast.sup_ri, Filters()) if s["key"] == "decide")
    assert step["urls"]["late"] == "/statistik/rincian/?step=decide&late=1"


def test_it_sets_pledge_coverage_beside_violations(world: Any) -> None:
    """Banjar: 2 registry ASN, one signed (50 %), one circular; 3 violations per 1000 ASN (latest election)."""
    import datetime as dt

    from netral.prevention.models import Circular
    from netral.prevention.services import sign_pledge
    from netral.prevention.tests.helpers import make_asn, national_text, pilkada

    a1 = make_asn(world.cast.agency_a, name="Dewi Lestari")
    make_asn(world.cast.agency_a, name="Agus Saputra")
    text = national_text()
    sign_pledge(a1, text, election=pilkada(), channel="akun")
    Circular.objects.create(
        agency=world.cast.agency_a,
        number="800/1/2024",
        date=dt.date(2024, 9, 1),
        subject="Netralitas ASN",
        signer_name="Pj Wali Kota",
        signer_title="Pj Wali Kota",
        region=world.cast.agency_a.region,
        election=pilkada(),
    )
    rows = {r["key"]: r for r in selectors.prevention(world.cast.sup_prov, Filters())}
    banjar = rows["32.79"]
    assert (banjar["signers"], banjar["registry"], banjar["circulars"]) == (1, 2, 1)
    assert banjar["coverage"] == pytest.approx(0.5)
    assert banjar["violation_rate"] == pytest.approx(30.0)
