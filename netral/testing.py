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


# --- the permission test kit ---------------------------------------------------------------------
# A model's endpoints (list, detail, export, API) are declared once as an ``EndpointSet``; ``check``
# requests each of them as four personas and asserts what the one scoping rule promises:
#   anonymous     → pages redirect to sign-in, the API answers 401
#   wrong role    → 403 or 404 (a list the role may open answers 200 without the object)
#   in scope      → 200 and the object is in the answer (an empty page would prove nothing)
#   other region  → a URL naming the object answers 404; a list answers without the object
# and counts the queries of every request against ``netral/tests/query_baselines.json``: a count above
# its baseline fails; ``pytest --update-query-baselines`` rewrites the file with what was measured.

ANONYMOUS = "anonymous"
BASELINES = os.path.join(os.path.dirname(__file__), "tests", "query_baselines.json")
UPDATE_ENV = "NETRAL_UPDATE_QUERY_BASELINES"  # set by ``pytest --update-query-baselines`` (conftest.py)
_measured: dict[str, int] = {}


@dataclass(frozen=True)
class Endpoint:
    """One URL of a model. ``names_object``: it names the object (detail) rather than listing rows."""

    key: str
    url: str
    marker: str
    api: bool = False
    names_object: bool = False


@dataclass
class EndpointSet:
    """A model's endpoints and the personas (attributes of ``Cast``) that test them."""

    model: str
    endpoints: list[Endpoint]
    in_scope: str = "sup_a"
    wrong_role: str = "bkn"
    other_region: str | None = "sup_b"  # None: the model has no region (administrators' records)


PERSONAS = (ANONYMOUS, "wrong_role", "in_scope", "other_region")


def _vendor() -> str:
    from django.db import connection

    return connection.vendor


def _load_baselines() -> dict[str, dict[str, int]]:
    import json

    if not os.path.exists(BASELINES):
        return {}
    with open(BASELINES, encoding="utf-8") as f:
        data: dict[str, dict[str, int]] = json.load(f)
    return data


def write_baselines() -> None:
    """Merge the counts measured in this session into the baselines file (pytest --update-query-baselines)."""
    import json

    if not _measured:
        return
    data = _load_baselines()
    vendor_counts = data.setdefault(_vendor(), {})
    vendor_counts.update(_measured)
    data[_vendor()] = dict(sorted(vendor_counts.items()))
    with open(BASELINES, "w", encoding="utf-8") as f:
        json.dump(dict(sorted(data.items())), f, indent=1, ensure_ascii=False)
        f.write("\n")


def _body(response: Any) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return str(response.content.decode("utf-8", "replace"))


def _client(user: User | None, api: bool) -> Any:
    if api:
        from rest_framework.authtoken.models import Token
        from rest_framework.test import APIClient

        api_client = APIClient()
        if user is not None:
            token, _ = Token.objects.get_or_create(user=user)
            api_client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return api_client
    from django.test import Client

    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _get(user: User | None, endpoint: Endpoint) -> tuple[Any, str, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = _client(user, endpoint.api)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(endpoint.url)
        body = _body(response)  # a streamed export runs its queries while it is read
    return response, body, len(ctx.captured_queries)


def _expect(persona: str, endpoint: Endpoint, response: Any, body: str) -> str | None:
    """What is wrong with this answer for this persona, or None."""
    status = response.status_code
    if persona == ANONYMOUS:
        if endpoint.api:
            return None if status == 401 else f"expected 401, got {status}"
        from django.conf import settings
        from django.shortcuts import resolve_url

        login = resolve_url(settings.LOGIN_URL)
        if status == 302 and response["Location"].startswith(login):
            return None
        return f"expected a redirect to {login}, got {status} {response.get('Location', '')}"
    if persona == "in_scope":
        if status != 200:
            return f"expected 200, got {status}"
        return None if endpoint.marker in body else f"200 but {endpoint.marker!r} is not in the answer"
    if status == 200 and not endpoint.names_object and not endpoint.marker:
        return None  # figures of one's own scope: nothing that names the object to look for
    if status in (403, 404):
        return None
    if endpoint.names_object and persona == "other_region":
        return f"expected 404, got {status}"
    if status == 200 and not endpoint.names_object:
        return f"the list shows {endpoint.marker!r}" if endpoint.marker in body else None
    if status == 200 and persona == "wrong_role":
        return f"expected 403/404, got 200 for {endpoint.key}"
    return f"expected 403/404, got {status}"


def check(endpoints: EndpointSet, cast: Cast, persona: str) -> list[str]:
    """Request every endpoint of the set as one persona; the failures found (queries counted too)."""
    baselines = _load_baselines().get(_vendor(), {})
    user = None if persona == ANONYMOUS else getattr(cast, getattr(endpoints, persona))
    failures = []
    for endpoint in endpoints.endpoints:
        response, body, queries = _get(user, endpoint)
        problem = _expect(persona, endpoint, response, body)
        if problem:
            failures.append(f"{endpoint.key} as {persona}: {problem}")
        key = f"{endpoints.model} {endpoint.key} {persona}"
        _measured[key] = queries
        baseline = baselines.get(key)
        if os.environ.get(UPDATE_ENV):
            continue
        if baseline is None:
            failures.append(f"{key}: no query baseline ({queries} queries); run pytest --update-query-baselines")
        elif queries > baseline:
            failures.append(f"{key}: {queries} queries, baseline {baseline}")
    return failures
