"""The public form's quota counts accepted submissions only, per browser and (generously) per address."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from netral.core import db
from netral.reports import quota, services
from netral.reports.models import Report
from netral.reports.tests.conftest import post_data
from netral.testing import in_parallel, needs_postgres


def submit(client: Client, **overrides: Any) -> Any:
    return client.post(reverse("reports:public_create"), post_data(**overrides))


def future() -> str:
    return (datetime.date.today() + datetime.timedelta(days=3)).isoformat()


@pytest.mark.django_db
def test_refused_attempts_do_not_count(client: Client, cast: object, settings: Any) -> None:
    settings.PUBLIC_REPORT_RATE = 2
    client.get(reverse("reports:public_create"))  # the browser gets its id
    for _ in range(6):
        assert submit(client, occurred_on=future()).status_code == 200
    assert submit(client).status_code == 302
    assert submit(client).status_code == 302
    assert submit(client).status_code == 429
    assert Report.objects.count() == 2


@pytest.mark.django_db
def test_the_address_cap_holds_browsers_without_a_cookie(cast: object, settings: Any) -> None:
    settings.PUBLIC_REPORT_ADDRESS_RATE = 3
    codes = [submit(Client()).status_code for _ in range(4)]  # a fresh browser each time, one address
    assert codes == [302, 302, 302, 429]
    assert submit(Client(REMOTE_ADDR="10.1.2.3")).status_code == 302


@pytest.mark.django_db
def test_a_forged_browser_cookie_is_a_new_browser(client: Client, cast: object) -> None:
    client.cookies[quota.COOKIE] = "forged-value-without-signature"
    response = submit(client)
    assert response.status_code == 302
    signed = response.cookies[quota.COOKIE].value
    assert signed != "forged-value-without-signature" and ":" in signed


@pytest.mark.django_db
def test_a_failed_write_gives_its_place_back(
    client: Client, cast: object, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.PUBLIC_REPORT_RATE = 1
    real = services.submit_report

    def busy(*args: Any, **kwargs: Any) -> Any:
        raise db.Busy

    monkeypatch.setattr(services, "submit_report", busy)
    assert submit(client).status_code == 503
    monkeypatch.setattr(services, "submit_report", real)
    assert submit(client).status_code == 302
    assert submit(client).status_code == 429


@pytest.mark.django_db
def test_the_429_keeps_what_was_typed_and_says_when(client: Client, cast: object, settings: Any) -> None:
    settings.PUBLIC_REPORT_RATE = 0
    response = submit(client, place="Balai Desa Sukamaju")
    assert response.status_code == 429
    body = response.content.decode()
    assert "Balai Desa Sukamaju" in body and "Siti Pelapor" in body
    assert "data-error-summary" in body and "menit lagi" in body
    assert 0 < int(response["Retry-After"]) <= 3600


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_clients_never_exceed_the_quota(reference_data: None, settings: Any) -> None:
    """Twenty parallel submissions from one browser with five places: exactly five reservations."""
    settings.PUBLIC_REPORT_RATE = 5
    request = RequestFactory().post("/laporan/baru/", REMOTE_ADDR="10.0.0.7")
    browser = quota.browser_id(request)

    def take(_i: int) -> bool:
        r = RequestFactory().post("/laporan/baru/", REMOTE_ADDR="10.0.0.7")
        r._netral_browser = browser  # type: ignore[attr-defined]
        return quota.reserve(r) is not None

    results, errors = in_parallel(20, take)
    assert not errors, errors
    assert sum(results) == 5


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_form_posts_file_exactly_the_quota(reference_data: None, settings: Any) -> None:
    from netral.testing import build_cast

    build_cast()
    settings.PUBLIC_REPORT_RATE = 3
    first = Client()
    first.get(reverse("reports:public_create"))
    cookie = first.cookies[quota.COOKIE].value

    def post(_i: int) -> int:
        c = Client()
        c.cookies[quota.COOKIE] = cookie
        return int(submit(c).status_code)

    results, errors = in_parallel(8, post)
    assert not errors, errors
    assert sorted(results) == [302] * 3 + [429] * 5
    assert Report.objects.count() == 3
