"""One-time links: set a password once; used twice, expired, replaced or for a deactivated
account each is refused with its own message, nothing is saved, and the refusal is audited."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from netral.accounts import services
from netral.accounts.models import Invitation, User
from netral.accounts.tests.helpers import client_for, head, invite_data, last_link_token
from netral.core.models import ObjectChange
from netral.regions.models import Region

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Kopi-tubruk-pagi-77"


@pytest.fixture
def invited(cast: Any, django_capture_on_commit_callbacks: Any) -> tuple[User, str]:
    c = client_for(head(cast.sup_a))
    with django_capture_on_commit_callbacks(execute=True):
        c.post("/akun/staf/undang/", invite_data(region=Region.objects.get(code="32.79").pk, username="rina"))
    return User.objects.get(username="rina"), last_link_token()


def _set(client: Client, token: str, password: str = NEW_PASSWORD) -> Any:
    return client.post(f"/akun/undangan/{token}/", {"new_password1": password, "new_password2": password})


def test_the_link_sets_the_password_signs_in_and_is_audited(invited: tuple[User, str]) -> None:
    user, token = invited
    assert Invitation.objects.get(user=user).token_hash != token  # only the digest is stored
    c = Client()
    assert "rina" in c.get(f"/akun/undangan/{token}/").content.decode()
    response = _set(c, token)
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert c.get("/akun/saya/").status_code == 200
    assert ObjectChange.objects.filter(object_id=str(user.pk), action="activate").exists()


def test_a_link_used_twice_is_refused_and_the_second_password_is_not_saved(invited: tuple[User, str]) -> None:
    user, token = invited
    assert _set(Client(), token).status_code == 302
    second = _set(Client(), token, "Another-Password-99")
    assert second.status_code == 410
    assert "sudah dipakai" in second.content.decode()
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    refusal = ObjectChange.objects.get(object_id=str(user.pk), action="refuse")
    assert refusal.postchange == {"reason": "link_used"}
    assert token not in str(refusal.postchange)


def test_an_expired_link_is_refused(invited: tuple[User, str]) -> None:
    user, token = invited
    Invitation.objects.filter(user=user).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    response = _set(Client(), token)
    assert response.status_code == 410 and "kedaluwarsa" in response.content.decode()
    user.refresh_from_db()
    assert not user.has_usable_password()
    assert ObjectChange.objects.filter(object_id=str(user.pk), action="refuse").count() == 1


def test_a_newer_link_replaces_the_older_one(cast: Any, invited: tuple[User, str]) -> None:
    user, old = invited
    services.send_reset(head(cast.sup_a), user)
    response = Client().get(f"/akun/undangan/{old}/")
    assert response.status_code == 410 and "diganti" in response.content.decode()


def test_a_deactivated_accounts_link_is_refused(cast: Any, invited: tuple[User, str]) -> None:
    user, token = invited
    services.deactivate(head(cast.sup_a), user)
    response = _set(Client(), token)
    assert response.status_code == 410
    user.refresh_from_db()
    assert not user.has_usable_password()


def test_an_unknown_link_is_404_and_a_weak_password_keeps_the_link_open(invited: tuple[User, str]) -> None:
    user, token = invited
    assert Client().get("/akun/undangan/bukan-token/").status_code == 404
    weak = _set(Client(), token, "12345678")
    assert weak.status_code == 200
    assert Invitation.objects.get(user=user).used_at is None
    assert _set(Client(), token).status_code == 302
