"""The demo serves without DEBUG: static files through WhiteNoise, a real 404 page, a favicon."""

from __future__ import annotations

import pytest
from django.test import Client


@pytest.mark.django_db
def test_a_missing_page_is_the_404_page_not_a_debug_page(settings: object) -> None:
    response = Client().get("/tidak-ada-halaman-ini/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Halaman tidak ditemukan" in html and "URLconf" not in html


@pytest.mark.django_db
def test_static_files_and_the_favicon_are_served_without_debug() -> None:
    c = Client()
    css = c.get("/static/netral/netral.css")
    assert css.status_code == 200
    body = css.streaming_content if css.streaming else [css.content]  # type: ignore[attr-defined]
    assert b"".join(body).startswith(b"/* netral")
    icon = c.get("/favicon.ico")
    assert icon.status_code == 301 and icon["Location"] == "/static/netral/favicon.svg"
    assert c.get("/static/netral/favicon.svg").status_code == 200
    assert 'rel="icon"' in c.get("/").content.decode()
