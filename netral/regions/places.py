"""Provinces and regencies/cities kept in the process, by id and by code.

Every public submission and form resolves its place (province and regency ids, or an API region
code) and checks one against the other; the 550 rows change only when the reference is reloaded.
They live in the reference cache of ``regions.calendar`` (same TTL, forgotten by ``load_reference``
and by ``forget_reference``). Districts and villages are not kept: callers ask the database.
The instances are shared between requests: read them, never change them.
"""

from __future__ import annotations

from typing import Any

from netral.core.params import parse_id
from netral.regions import calendar
from netral.regions.choices import RegionLevel
from netral.regions.models import Region


def _places() -> tuple[dict[int, Region], dict[str, Region]]:
    def build() -> tuple[dict[int, Region], dict[str, Region]]:
        rows = list(Region.objects.filter(level__lte=RegionLevel.REGENCY).order_by("code"))
        by_pk = {r.pk: r for r in rows}
        for r in rows:
            if r.parent_id in by_pk:
                r.parent = by_pk[r.parent_id]  # region.parent costs no query
        return by_pk, {r.code: r for r in rows}

    return calendar.cached("places", build)


def by_pk(pk: Any, *, level: int | None = None) -> Region | None:
    """The province or regency/city with id `pk` (raw input welcome), of `level` if given; else None."""
    region_id = parse_id(pk)
    region = _places()[0].get(region_id) if region_id else None
    if region is None or (level is not None and region.level != level):
        return None
    return region


def by_code(code: str, *, level: int | None = None) -> Region | None:
    """The province or regency/city with Kemendagri code `code`, of `level` if given; else None."""
    region = _places()[1].get(code)
    if region is None or (level is not None and region.level != level):
        return None
    return region


def provinces() -> list[Region]:
    return [r for r in _places()[1].values() if r.level == RegionLevel.PROVINCE]
