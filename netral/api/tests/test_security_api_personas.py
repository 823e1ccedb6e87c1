"""Finding 10 of the security probe: the agency look-up and the schema's promises under real data.

``/api/v1/agencies/pemda-32.79/`` answered 404 to everyone (the look-up pattern excluded "."), and
schemathesis, run over the demo world, found responses that broke the schema (``source_url``
that is not a URI, empty ``description``/``name`` where the schema promised text). Here the demo
world is built and schemathesis runs every operation as every demo persona: zero failures.
Bounded (a few generated requests per operation and persona, seeded), so it stays a few
minutes in CI; ``NETRAL_FUZZ_EXAMPLES`` raises the count for a deeper local run.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from netral.api.tests.factories import client_for
from netral.wsgi import application

pytestmark = pytest.mark.django_db
EXAMPLES = int(os.environ.get("NETRAL_FUZZ_EXAMPLES", "4"))  # per operation and persona
NEGATIVE_EXAMPLES = 3  # per operation with inputs, for one persona per role


def test_an_agency_is_found_by_its_dotted_code(cast: Any) -> None:
    from netral.testing import make_agency

    make_agency("pemda-32.79", "32.79", "Pemerintah Kota Banjar (pemda)")
    response = client_for(cast.sup_a).get("/api/v1/agencies/pemda-32.79/")
    assert response.status_code == 200, response.content
    assert response.json()["code"] == "pemda-32.79"
    # Outside the scope it is still a 404, never a 403.
    assert client_for(cast.sup_other).get("/api/v1/agencies/pemda-32.79/").status_code == 404


def test_the_agency_filters_accept_dotted_codes(cast: Any) -> None:
    from netral.api.tests.factories import make_case
    from netral.testing import make_agency

    agency = make_agency("pemda-32.79", "32.79", "Pemerintah Kota Banjar (pemda)")
    case = make_case("32.79", agency=agency)
    response = client_for(cast.sup_a).get("/api/v1/cases/", {"agency": "pemda-32.79"})
    assert response.status_code == 200, response.content
    assert [c["number"] for c in response.json()["results"]] == [case.number]


def test_links_are_returned_as_rfc3986_uris(cast: Any) -> None:
    import jsonschema_rs

    from netral.monitoring.models import Batch, Item

    uri = jsonschema_rs.validator_for({"type": "string", "format": "uri"}, validate_formats=True)
    batch = Batch.objects.create(uploaded_by=cast.sup_a, region_code="32.79", source_kind="paste")
    raw = "https://berita.example/kabar/ä?q=camat|paslon&x=<1>#a#b"  # stored as an older ingest kept it
    item = Item.objects.create(batch=batch, text="Camat ikut kampanye.", region_code="32.79", source_url=raw)
    body = client_for(cast.sup_a).get(f"/api/v1/monitoring/items/{item.pk}/").json()
    assert body["source_url"] and uri.is_valid(body["source_url"]), body["source_url"]
    assert body["source_url"].startswith("https://berita.example/kabar/%C3%A4?q=camat%7Cpaslon")


def test_request_bodies_say_which_text_may_not_be_blank(client: Any) -> None:
    import yaml

    schema = yaml.safe_load(client.get("/api/schema/").content)
    request = schema["components"]["schemas"]["PublicReportRequestRequest"]["properties"]
    assert request["description"]["minLength"] == 1


@pytest.fixture
def keep_test_connection() -> Iterator[None]:
    """WSGI calls run inside the test's transaction (see test_schema_fuzz)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def demo_tokens(db: None) -> dict[str, str]:
    from netral.core.demo import build_world

    world = build_world(seed=7)
    return {name: Token.objects.get_or_create(user=user)[0].key for name, user in sorted(world.users.items())}


def _run(operation: Any, mode: GenerationMode, token: str, examples: int, failures: list[str], label: str) -> int:
    count = 0

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=examples,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        database=None,
        derandomize=os.environ.get("NETRAL_FUZZ_RANDOM") != "1",
    )
    def run(case: Any) -> None:
        nonlocal count
        count += 1
        case.call_and_validate(headers={"Authorization": f"Token {token}"}, excluded_checks=excluded)

    excluded = [positive_data_acceptance] if operation.method.upper() in ("POST", "PATCH", "PUT") else []
    try:
        run()
    except Unsatisfiable:
        pass
    except (Exception, BaseExceptionGroup) as exc:
        failures.append(f"{label} {operation.label} [{mode.value}]: {exc}"[:3000])
    return count


def test_schemathesis_as_every_demo_persona(demo_tokens: dict[str, str], keep_test_connection: None) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 30
    failures: list[str] = []
    requests = 0
    started = time.monotonic()
    negative_for = {"bawaslu_banjar", "bkn", "ppk_banjar", "analis_jabar", "admin"}
    for persona, token in demo_tokens.items():
        for operation in operations:
            requests += _run(operation, GenerationMode.POSITIVE, token, EXAMPLES, failures, persona)
            if persona in negative_for and (len(operation.query) or operation.body):
                requests += _run(operation, GenerationMode.NEGATIVE, token, NEGATIVE_EXAMPLES, failures, persona)
    print(
        f"\nschemathesis: {requests} requests, {len(operations)} operations x {len(demo_tokens)} personas, "
        f"{len(failures)} failures, {time.monotonic() - started:.0f} s"
    )
    assert len(demo_tokens) >= 13
    assert not failures, "\n\n".join(failures)
