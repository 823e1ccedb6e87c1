"""API tokens: the page where officials create and revoke theirs, and manage.py drf_create_token."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from netral.core.models import ObjectChange

pytestmark = pytest.mark.django_db


def test_it_creates_shows_once_and_revokes_a_token(cast):
    page = Client()
    page.force_login(cast.sup_a)
    assert page.get("/api/token/").status_code == 200
    response = page.post("/api/token/", {"action": "create"})
    assert response.status_code == 200
    key = Token.objects.get(user=cast.sup_a).key
    assert key in response.content.decode()
    assert key not in page.get("/api/token/").content.decode()  # shown once

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/cases/").status_code == 200

    page.post("/api/token/", {"action": "create"})
    assert api.get("/api/v1/cases/").status_code == 401  # the old token was replaced
    page.post("/api/token/", {"action": "revoke"})
    assert not Token.objects.filter(user=cast.sup_a).exists()
    assert ObjectChange.objects.filter(object_type="accounts.user", object_id=str(cast.sup_a.pk)).count() == 3


def test_it_needs_a_signed_in_user_and_csrf(cast):
    assert Client().get("/api/token/").status_code == 302
    page = Client(enforce_csrf_checks=True)
    page.force_login(cast.sup_a)
    assert page.post("/api/token/", {"action": "create"}).status_code == 403


def test_it_creates_tokens_from_the_command_line(cast):
    out = io.StringIO()
    call_command("drf_create_token", cast.bkn.username, stdout=out)
    assert Token.objects.get(user=cast.bkn).key in out.getvalue()
