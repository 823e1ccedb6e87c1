"""Bahasa Indonesia first: the browser's language does not switch the site, the switcher does."""

from typing import Any

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_it_serves_indonesian_even_to_an_english_browser(client: Any) -> None:
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="id">' in response.content.decode()
    assert response["Content-Language"] == "id"


def test_it_serves_english_once_chosen_with_the_switcher(client: Any) -> None:
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="id")
    assert '<html lang="en">' in response.content.decode()
    assert response["Content-Language"] == "en"
    assert "Cookie" in response["Vary"]


def test_it_ignores_an_unknown_language_cookie(client: Any) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert '<html lang="id">' in client.get("/").content.decode()
