"""A fixed cast of users for tests (persona fixtures), built on the real reference data.

Regions: Kota Banjar (32.79) and Kabupaten Purwakarta (32.14) in Jawa Barat (32), and
Kabupaten Banyuasin (16.07) in Sumatera Selatan as "another province".
"""

from __future__ import annotations

import datetime
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import pytest

from netral.accounts.choices import Role, SupervisorLevel
from netral.accounts.models import User
from netral.agencies.choices import AgencyKind, PPKTitle, Tenure
from netral.agencies.models import Agency, PPKHolder, Unit
from netral.regions.models import Region

PASSWORD = "netral-uji-12345"
T = TypeVar("T")


def region(code: str) -> Region:
    return Region.objects.get(code=code)


def make_agency(code: str, region_code: str | None, name: str | None = None, kind: str | None = None) -> Agency:
    reg = region(region_code) if region_code else None
    if kind is None:
        kind = (
            AgencyKind.MINISTRY
            if reg is None
            else AgencyKind.PROVINCE_GOV
            if reg.level == 1
            else AgencyKind.CITY_GOV
            if reg.kind == "kota"
            else AgencyKind.REGENCY_GOV
        )
    agency, _ = Agency.objects.get_or_create(
        code=code, defaults={"name": name or f"Pemerintah {reg.name if reg else code}", "kind": kind, "region": reg}
    )
    return agency


def make_user(
    username: str,
    role: str,
    *,
    region_code: str | None = None,
    level: str = "",
    agency: Agency | None = None,
    **extra: Any,
) -> User:
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        role=role,
        supervisor_level=level,
        region=region(region_code) if region_code else None,
        agency=agency,
        email=f"{username}@example.test",
        **extra,
    )
    return user


@dataclass
class Cast:
    """The persona set: supervisors at each level, BKN, PPK officers, an analyst, an admin, an outsider."""

    agency_a: Agency
    agency_b: Agency
    agency_other: Agency
    sup_ri: User
    sup_prov: User
    sup_a: User
    sup_b: User
    sup_other: User
    panwascam_a: User
    bkn: User
    ppk_a: User
    ppk_b: User
    analyst_a: User
    admin: User
    outsider: User
    extra: dict[str, Any] = field(default_factory=dict)


def build_cast() -> Cast:
    agency_a = make_agency("pemkot-banjar", "32.79", "Pemerintah Kota Banjar")
    agency_b = make_agency("pemkab-purwakarta", "32.14", "Pemerintah Kabupaten Purwakarta")
    agency_other = make_agency("pemkab-banyuasin", "16.07", "Pemerintah Kabupaten Banyuasin")
    PPKHolder.objects.get_or_create(
        agency=agency_other,
        name="Muhammad Contoh",
        title=PPKTitle.REGENT,
        tenure=Tenure.PJ,
        start=datetime.date(2024, 1, 1),
    )
    Unit.objects.get_or_create(agency=agency_a, name="Dinas Pendidikan")
    return Cast(
        agency_a=agency_a,
        agency_b=agency_b,
        agency_other=agency_other,
        sup_ri=make_user("sup_ri", Role.SUPERVISOR, level=SupervisorLevel.RI),
        sup_prov=make_user("sup_jabar", Role.SUPERVISOR, region_code="32", level=SupervisorLevel.PROVINCE),
        sup_a=make_user("sup_banjar", Role.SUPERVISOR, region_code="32.79", level=SupervisorLevel.REGENCY),
        sup_b=make_user("sup_purwakarta", Role.SUPERVISOR, region_code="32.14", level=SupervisorLevel.REGENCY),
        sup_other=make_user("sup_banyuasin", Role.SUPERVISOR, region_code="16.07", level=SupervisorLevel.REGENCY),
        panwascam_a=make_user(
            "panwascam_banjar", Role.SUPERVISOR, region_code="32.79.01", level=SupervisorLevel.DISTRICT
        ),
        bkn=make_user("bkn", Role.BKN),
        ppk_a=make_user("ppk_banjar", Role.PPK, agency=agency_a),
        ppk_b=make_user("ppk_purwakarta", Role.PPK, agency=agency_b),
        analyst_a=make_user("analis_banjar", Role.ANALYST, region_code="32.79", level=SupervisorLevel.REGENCY),
        admin=make_user("admin", Role.ADMIN, is_staff=True, is_superuser=True),
        outsider=make_user("outsider", Role.ANALYST, is_active=False),
    )


# --- many clients at once (concurrency tests) ----------------------------------------------------

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")
# Races need several connections to one database server: SQLite serialises writers anyway.
needs_postgres = pytest.mark.skipif(
    not ON_POSTGRES, reason="needs several connections to one database server (PostgreSQL)"
)


def in_parallel(n: int, fn: Callable[[int], T]) -> tuple[list[T], list[BaseException]]:
    """Run ``fn(0) … fn(n-1)`` in ``n`` threads released together, each on its own connection.

    Returns the results (in completion order) and the exceptions raised, so a test can assert
    on both; every thread closes its database connections when it ends.
    """
    from django.db import connections

    results: list[T] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    barrier = threading.Barrier(n)

    def run(i: int) -> None:
        try:
            barrier.wait()
            out = fn(i)
            with lock:
                results.append(out)
        except BaseException as exc:  # collected for the test to assert on
            with lock:
                errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors
