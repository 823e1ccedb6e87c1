"""Builders for account tests: heads, a signed-in client, the link in the last invitation mail."""

from __future__ import annotations

import re
from typing import Any

from django.core import mail
from django.test import Client

from netral.accounts.models import User
from netral.testing import PASSWORD

LINK = re.compile(r"https?://\S+/akun/undangan/([\w-]+)/")


def head(user: User) -> User:
    user.is_head = True
    user.save(update_fields=["is_head"])
    return user


def client_for(user: User) -> Client:
    c = Client()
    c.force_login(user)
    return c


def last_link_token() -> str:
    assert mail.outbox, "no mail was sent"
    found = LINK.search(mail.outbox[-1].body)
    assert found, mail.outbox[-1].body
    return found.group(1)


def invite_data(**over: Any) -> dict[str, Any]:
    data = {
        "email": "baru@bawaslu.example",
        "first_name": "Rina",
        "last_name": "Baru",
        "username": "",
        "role": "supervisor",
        "region": "",
        "kecamatan": "",
        "is_head": "",
    }
    data.update(over)
    return data


def sign_in(client: Client, username: str, password: str = PASSWORD) -> Any:
    return client.post("/akun/masuk/", {"username": username, "password": password})
