"""API throttles: exact under parallel clients, and a forged X-Forwarded-For buys nothing."""

from __future__ import annotations

import os
import threading
from typing import Any

import pytest
from django.test import RequestFactory
from rest_framework.test import APIClient

from netral.api.tests.test_public_submit import valid
from netral.reports.models import Report

URL = "/api/v1/public/reports/"
ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")


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


@pytest.mark.skipif(not ON_POSTGRES, reason="needs several connections to one database server (PostgreSQL)")
@pytest.mark.django_db(transaction=True)
def test_the_user_throttle_is_exact_under_parallel_clients(reference_data: None, settings: Any) -> None:
    from django.db import connections
    from rest_framework.authtoken.models import Token

    from netral.testing import build_cast

    cast = build_cast()
    token = Token.objects.create(user=cast.sup_a).key
    _rates(settings, user="25/hour")
    statuses: list[int] = []
    lock = threading.Lock()
    barrier = threading.Barrier(8)

    def worker() -> None:
        try:
            client = APIClient()
            client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
            barrier.wait()
            for _ in range(6):
                code = client.get("/api/v1/elections/").status_code
                with lock:
                    statuses.append(code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(statuses) == 48
    assert statuses.count(200) == 25 and statuses.count(429) == 23


@pytest.mark.skipif(not ON_POSTGRES, reason="needs several connections to one database server (PostgreSQL)")
@pytest.mark.django_db(transaction=True)
def test_the_pledge_signing_limit_is_exact_under_parallel_clients(reference_data: None, settings: Any) -> None:
    from django.db import connections

    from netral.prevention.views import _rate_limited

    settings.PLEDGE_SIGN_RATE = 30
    refused: list[bool] = []
    lock = threading.Lock()
    barrier = threading.Barrier(8)

    def worker() -> None:
        try:
            request = RequestFactory().post("/pencegahan/ikrar/", REMOTE_ADDR="192.0.2.77")
            barrier.wait()
            for _ in range(6):
                result = _rate_limited(request)
                with lock:
                    refused.append(result)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert refused.count(False) == 30 and refused.count(True) == 18
