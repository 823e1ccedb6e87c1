"""A small world whose every figure is known by hand (see the numbers in each test).

Today is fixed at 2024-12-01 for the index. Headcounts: Banjar 1000, Purwakarta 2000, Banyuasin 500.

| case | region | agency | status        | incident age | severity | extra                                |
|------|--------|--------|---------------|--------------|----------|--------------------------------------|
| c1   | 32.79  | a      | violation     | 0            | —        | registered→decided in 2 days          |
| c2   | 32.79  | a      | recommended   | 180 days     | heavy    | recommended 20 days ago (overdue)     |
| c3   | 32.79  | a      | sanctioned    | 360 days     | —        | recommended 30 days ago, decree       |
| c4   | 32.79  | a      | received      | 0            | —        |                                      |
| c5   | 32.14  | b      | refused       | 0            | —        | recommended 20 days ago               |
| c6   | 32.14  | b      | recommended   | 0            | —        | recommended 3 days ago (pending)      |
| c7   | 16.07  | other  | not_violation | 0            | —        |                                      |
| c8   | 16.07  | other  | violation     | 0            | —        | registered→decided in 7 days (late)   |
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

TODAY = datetime.date(2024, 12, 1)


@dataclass
class World:
    cast: Any
    cases: dict[str, Any]


def _case(number: str, region: str, agency: Any, status: str, age: int, **extra: Any) -> Any:
    from netral.cases.models import Case
    from netral.regions.models import Region

    return Case.objects.create(
        number=number,
        title=f"Perkara uji {number}",
        region=Region.objects.get(code=region),
        agency=agency,
        status=status,
        occurred_on=TODAY - datetime.timedelta(days=age),
        **extra,
    )


@pytest.fixture
def world(cast: Any) -> World:
    from netral.cases.models import SanctionLevel, SanctionTrack
    from netral.regions.models import Region
    from netral.reports.models import Report

    for agency, n in ((cast.agency_a, 1000), (cast.agency_b, 2000), (cast.agency_other, 500)):
        agency.asn_headcount = n
        agency.save()
    track = SanctionTrack.objects.create(
        code="uji-disiplin", kind="discipline", employment="PNS", name_id="Uji", name_en="Test"
    )
    heavy = SanctionLevel.objects.create(
        track=track, code="uji-berat", severity="heavy", name_id="Berat", name_en="Heavy"
    )
    now = timezone.now()
    day = datetime.timedelta(days=1)
    cases = {
        "c1": _case(
            "T-1", "32.79", cast.agency_a, "violation", 0, registered_at=now - 10 * day, decided_at=now - 8 * day
        ),
        "c2": _case(
            "T-2",
            "32.79",
            cast.agency_a,
            "recommended",
            180,
            sanction_level=heavy,
            route="bkn",
            recommended_at=now - 20 * day,
        ),
        "c3": _case(
            "T-3",
            "32.79",
            cast.agency_a,
            "sanctioned",
            360,
            route="bkn",
            recommended_at=now - 30 * day,
            decree_date=timezone.localdate(now - 25 * day),  # the local day, as TruncDate counts
        ),
        "c4": _case("T-4", "32.79.01", cast.agency_a, "received", 0),
        "c5": _case("T-5", "32.14", cast.agency_b, "refused", 0, route="bkn", recommended_at=now - 20 * day),
        "c6": _case("T-6", "32.14", cast.agency_b, "recommended", 0, route="bkn", recommended_at=now - 3 * day),
        "c7": _case("T-7", "16.07", cast.agency_other, "not_violation", 0),
        "c8": _case(
            "T-8", "16.07", cast.agency_other, "violation", 0, registered_at=now - 10 * day, decided_at=now - 3 * day
        ),
    }
    banjar, banyuasin = Region.objects.get(code="32.79"), Region.objects.get(code="16.07")
    Report.objects.create(
        kind="laporan",
        case=cases["c1"],
        subject_name="Nama Uji",
        description="uraian",
        region=banjar,
        subject_agency=cast.agency_a,
    )
    Report.objects.create(
        kind="temuan",
        case=cases["c2"],
        subject_name="Nama Uji",
        description="uraian",
        region=banjar,
        subject_agency=cast.agency_a,
    )
    Report.objects.create(
        kind="laporan", case=cases["c8"], subject_name="Nama Uji", description="uraian", region=banyuasin
    )
    return World(cast=cast, cases=cases)
