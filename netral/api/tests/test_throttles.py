"""API throttles: exact under parallel clients, and a forged X-Forwarded-For buys nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import RequestFactory
from rest_framework.test import APIClient

from netral.api.tests.test_public_submit import valid
from netral.reports.models import Report
from netral.testing import in_parallel, needs_postgres

URL = "/api/v1/public/reports/"


def _rates(settings: Any, **rates: str) -> None:
    merged = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], **rates}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": merged}


@pytest.mark.django_db
def test_a_client_forging_x_forwarded_for_is_still_limited(cast: object, settings: Any) -> None:
    settings.NETRAL_TRUSTED_PROXIES = 0
    _rates(settings, public_report="2/hour")
    statuses = [
        APIClient().post(URL, valid(), format="json", HTTP_X_FORWARDED_FOR=f"198.51.100.{i}").status_code
        for i in range(5)
    ]
    assert statuses == [201, 201, 429, 429, 429]
    assert Report.objects.count() == 2


@pytest.mark.django_db
def test_behind_a_trusted_proxy_forged_entries_on_the_left_change_nothing(cast: object, settings: Any) -> None:
    settings.NETRAL_TRUSTED_PROXIES = 1
    _rates(settings, public_report="2/hour")

    def post(forged: str, real: str) -> int:
        header = f"{forged}, {real}"
        return APIClient().post(URL, valid(), format="json", HTTP_X_FORWARDED_FOR=header).status_code

    assert [post(f"6.6.6.{i}", "203.0.113.5") for i in range(4)] == [201, 201, 429, 429]
    assert post("6.6.6.9", "203.0.113.6") == 201  # another real client has its own quota


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_the_user_throttle_is_exact_under_parallel_clients(reference_data: None, settings: Any) -> None:
    from rest_framework.authtoken.models import Token

    from netral.testing import build_cast

    token = Token.objects.create(user=build_cast().sup_a).key
    _rates(settings, user="25/hour")

    def client(_: int) -> list[int]:
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        return [api.get("/api/v1/elections/").status_code for _ in range(6)]

    results, errors = in_parallel(8, client)
    assert not errors, errors
    statuses = [code for codes in results for code in codes]
    assert len(statuses) == 48
    assert statuses.count(200) == 25 and statuses.count(429) == 23


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_the_pledge_signing_limit_is_exact_under_parallel_clients(reference_data: None, settings: Any) -> None:
    from netral.prevention.views import _rate_limited

    settings.PLEDGE_SIGN_RATE = 30

    def client(_: int) -> list[bool]:
        request = RequestFactory().post("/pencegahan/ikrar/", REMOTE_ADDR="192.0.2.77")
        return [_rate_limited(request) for _ in range(6)]

    results, errors = in_parallel(8, client)
    assert not errors, errors
    refused = [r for rs in results for r in rs]
    assert refused.count(False) == 30 and refused.count(True) == 18
