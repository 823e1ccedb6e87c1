"""The receipt reaches the confirmation page in an encrypted cookie, not the session (issue 10
part 2: no session write per submission; the code is kept nowhere on the server)."""

from __future__ import annotations

import re

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from netral.reports import shown_once
from netral.reports.tests.conftest import post_data

pytestmark = pytest.mark.django_db
CODE = re.compile(r"NTR(-[0-9A-HJKMNP-TV-Z]{4}){4}")


def test_a_submission_writes_no_session_and_the_cookie_hides_the_code(cast: object) -> None:
    client = Client()
    response = client.post(reverse("reports:public_create"), post_data())
    assert response.status_code == 302
    assert not Session.objects.exists()
    cookie = response.cookies[shown_once.COOKIE]
    assert cookie["path"] == reverse("reports:submitted") and cookie["httponly"]
    assert not CODE.search(cookie.value)  # encrypted: the code is not readable in the cookie
    page = client.get(response["Location"])
    code = CODE.search(page.content.decode())
    assert code is not None
    assert page.cookies[shown_once.COOKIE].value == ""  # dropped once shown
    assert client.get(reverse("reports:submitted")).status_code == 302


def test_a_tampered_or_foreign_cookie_shows_nothing(cast: object) -> None:
    client = Client()
    response = client.post(reverse("reports:public_create"), post_data())
    token = response.cookies[shown_once.COOKIE].value
    for bad in (token[:-4] + "AAAA", "bukan-token", "ü"):
        other = Client()
        other.cookies[shown_once.COOKIE] = bad
        answer = other.get(reverse("reports:submitted"))
        assert answer.status_code == 302 and answer["Location"] == reverse("reports:receipt_lookup")


def test_an_old_cookie_has_expired(cast: object, monkeypatch: pytest.MonkeyPatch) -> None:
    client = Client()
    response = client.post(reverse("reports:public_create"), post_data())
    assert response.status_code == 302
    monkeypatch.setattr(shown_once, "MAX_AGE", -1)  # the Fernet timestamp is now too old
    assert client.get(response["Location"]).status_code == 302
