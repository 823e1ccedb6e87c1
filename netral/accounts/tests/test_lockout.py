"""Sign-in lockout (issue 11, item 4): per account, per address, on the API token too; a clear
message, an audit entry, and a manager can lift it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from netral.accounts.tests.helpers import client_for, head, sign_in
from netral.core.models import ObjectChange
from netral.testing import PASSWORD

pytestmark = pytest.mark.django_db


def test_wrong_passwords_lock_the_account_even_for_the_right_one(cast: Any, settings: Any) -> None:
    c = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(c, cast.sup_a.username, "salah-sekali").status_code == 200
    locked = sign_in(c, cast.sup_a.username, "salah-sekali")
    assert locked.status_code == 429
    assert "dikunci sementara selama 15 menit" in locked.content.decode()
    assert locked["Retry-After"] == "900"
    right = sign_in(Client(REMOTE_ADDR="10.9.9.9"), cast.sup_a.username, PASSWORD)  # another address too
    assert right.status_code == 429
    entries = ObjectChange.objects.filter(action="locked_out", object_id=str(cast.sup_a.pk))
    assert entries.count() == 1  # one entry per lock, however many tries follow
    assert entries.get().postchange["username"] == cast.sup_a.username
    assert PASSWORD not in str(entries.get().postchange)


def test_the_lock_of_one_account_leaves_colleagues_at_the_same_address_alone(cast: Any, settings: Any) -> None:
    c = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(c, cast.sup_a.username, "salah-sekali")
    assert sign_in(Client(), cast.sup_b.username, PASSWORD).status_code == 302


def test_many_failures_from_one_address_lock_that_address(cast: Any, settings: Any) -> None:
    settings.SIGNIN_ADDRESS_FAILURES = 8
    c = Client()
    names = [f"tebak{i}" for i in range(8)]
    statuses = [sign_in(c, name, "salah").status_code for name in names]
    assert statuses[-1] == 429 and set(statuses[:-1]) == {200}
    assert sign_in(Client(), cast.sup_b.username, PASSWORD).status_code == 429
    assert sign_in(Client(REMOTE_ADDR="10.1.2.3"), cast.sup_b.username, PASSWORD).status_code == 302


def test_wrong_api_tokens_lock_the_address(cast: Any, settings: Any) -> None:
    settings.SIGNIN_ADDRESS_FAILURES = 5
    c = Client()
    statuses = [c.get("/api/v1/cases/", HTTP_AUTHORIZATION=f"Token {i:040x}").status_code for i in range(6)]
    assert statuses[:4] == [401] * 4 and statuses[4:] == [429, 429]
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=cast.sup_a)
    refused = c.get("/api/v1/cases/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert refused.status_code == 429 and "dikunci" in refused.json()["detail"]
    ok = Client(REMOTE_ADDR="10.1.2.4").get("/api/v1/cases/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert ok.status_code == 200
    assert ObjectChange.objects.filter(action="locked_out", object_id="").exists()


def test_a_manager_unlocks_an_account_and_it_is_audited(cast: Any, settings: Any) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(Client(), cast.panwascam_a.username, "salah-sekali")
    manager = client_for(head(cast.sup_a))
    page = manager.get(f"/akun/staf/{cast.panwascam_a.pk}/").content.decode()
    assert "terkunci" in page
    assert manager.post(f"/akun/staf/{cast.panwascam_a.pk}/aksi/", {"action": "unlock"}).status_code == 302
    assert ObjectChange.objects.filter(action="unlock", object_id=str(cast.panwascam_a.pk)).exists()
    assert sign_in(Client(REMOTE_ADDR="10.7.7.7"), cast.panwascam_a.username, PASSWORD).status_code == 302


def test_a_request_without_a_client_address_is_still_handled(cast: Any) -> None:
    """The test client's login() and WSGI callers build requests without REMOTE_ADDR; the IP
    column of the lockout table refuses text on PostgreSQL, so no address is stored as None."""
    from django.http import HttpRequest

    from netral.accounts.lockout import client_address

    assert client_address(HttpRequest()) is None
    c = Client(REMOTE_ADDR="")
    assert c.login(username=cast.sup_a.username, password=PASSWORD)
    assert sign_in(Client(REMOTE_ADDR=""), cast.sup_a.username, "salah").status_code == 200
