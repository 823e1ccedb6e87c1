"""Public pages cached whole for anonymous visitors, per data version and language; never personal."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from netral.analytics.models import IndexState

pytestmark = pytest.mark.django_db
STATS = "/statistik/publik/"


def test_an_anonymous_visitor_gets_the_cached_page_the_second_time(client: Client) -> None:
    first = client.get(STATS)
    second = client.get(STATS)
    assert first.status_code == second.status_code == 200
    assert first["X-Netral-Cache"] == "miss" and second["X-Netral-Cache"] == "hit"
    assert first.content == second.content
    assert "public" in second["Cache-Control"] and "max-age=120" in second["Cache-Control"]


def test_a_cached_page_carries_no_csrf_token_or_cookie(client: Client) -> None:
    response = client.get(STATS)
    body = response.content.decode()
    assert "csrfmiddlewaretoken" not in body and "X-CSRFToken" not in body
    assert not response.cookies


def test_each_language_has_its_own_copy(client: Client) -> None:
    indonesian = client.get(STATS).content.decode()
    client.get("/bahasa/en/?next=/")
    english = client.get(STATS)
    assert english["X-Netral-Cache"] == "miss"
    assert '<html lang="en">' in english.content.decode() and '<html lang="id">' in indonesian


def test_new_figures_are_a_new_page(client: Client) -> None:
    from django.utils import timezone

    client.get(STATS)
    IndexState.objects.update_or_create(pk=1, defaults={"computed_at": timezone.now()})
    assert client.get(STATS)["X-Netral-Cache"] == "miss"
    assert client.get(STATS)["X-Netral-Cache"] == "hit"


def test_signed_in_users_get_a_live_private_page(client: Client, cast: Any) -> None:
    client.force_login(cast.sup_a)
    client.get(STATS)
    response = client.get(STATS)
    assert "X-Netral-Cache" not in response
    assert "private" in response["Cache-Control"]
    assert cast.sup_a.username in response.content.decode()


def test_the_open_data_file_may_be_cached_by_proxies(client: Client) -> None:
    response = client.get("/statistik/publik/data-terbuka.csv")
    assert response.status_code == 200 and "public" in response["Cache-Control"]


def test_the_language_link_sets_the_cookie_and_returns_to_a_local_page(client: Client) -> None:
    from django.conf import settings

    response = client.get("/bahasa/en/?next=/laporan/baru/")
    assert response.status_code == 302 and response["Location"] == "/laporan/baru/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert client.get("/bahasa/en/?next=https://evil.example/")["Location"] == "/"
    assert client.get("/bahasa/xx/").status_code == 404


def test_every_page_offers_the_language_links(client: Client) -> None:
    body = client.get("/laporan/baru/").content.decode()
    assert 'href="/bahasa/en/?next=/laporan/baru/"' in body
