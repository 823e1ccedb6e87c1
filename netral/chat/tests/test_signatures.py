"""Webhook authenticity: Meta's X-Hub-Signature-256 over the raw body, the GET handshake, Telegram's
secret header. A forged or tampered request is refused and leaves nothing behind."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from netral.chat.models import ChatPeer, InboundUpdate
from netral.chat.tests.conftest import TG_SECRET, WA_SECRET, WA_VERIFY, wa_envelope, wa_sign

pytestmark = pytest.mark.django_db
WA_URL = "/chat/whatsapp/webhook/"
TG_URL = "/chat/telegram/webhook/"


def wa_body(text: str = "lapor") -> bytes:
    message = {
        "from": "6281200000001",
        "id": "wamid.SIG1",
        "timestamp": "1700000000",
        "type": "text",
        "text": {"body": text},
    }
    return json.dumps(wa_envelope([message], "6281200000001")).encode()


def post(client: Client, url: str, body: bytes, **headers: str) -> Any:
    return client.post(url, body, content_type="application/json", headers=headers)


def test_whatsapp_requests_must_carry_the_app_secrets_signature(client: Client, stub: Any) -> None:
    body = wa_body()
    assert post(client, WA_URL, body).status_code == 403  # no signature
    assert post(client, WA_URL, body, **{"X-Hub-Signature-256": wa_sign(body, "another-secret")}).status_code == 403
    assert post(client, WA_URL, body, **{"X-Hub-Signature-256": wa_sign(body).upper()}).status_code == 403
    tampered = body.replace(b"lapor", b"LAPOR")
    assert post(client, WA_URL, tampered, **{"X-Hub-Signature-256": wa_sign(body)}).status_code == 403
    assert post(client, WA_URL, body, **{"X-Hub-Signature-256": wa_sign(body)[7:]}).status_code == 403  # no prefix
    assert not InboundUpdate.objects.exists() and not ChatPeer.objects.exists()
    assert not stub.sent()
    good = post(client, WA_URL, body, **{"X-Hub-Signature-256": wa_sign(body, WA_SECRET)})
    assert good.status_code == 200 and good.json()["new"] == 1


def test_the_whatsapp_subscription_handshake(client: Client, stub: Any) -> None:
    ok = client.get(WA_URL, {"hub.mode": "subscribe", "hub.verify_token": WA_VERIFY, "hub.challenge": "1158201444"})
    assert ok.status_code == 200 and ok.content == b"1158201444" and ok["Content-Type"].startswith("text/plain")
    bad = client.get(WA_URL, {"hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "1158201444"})
    assert bad.status_code == 403
    script = client.get(WA_URL, {"hub.mode": "subscribe", "hub.verify_token": WA_VERIFY, "hub.challenge": "<script>"})
    assert script.status_code == 403


def test_telegram_requests_must_carry_the_webhook_secret(client: Client, stub: Any) -> None:
    update = {
        "update_id": 9001,
        "message": {
            "message_id": 1,
            "date": 1700000000,
            "text": "lapor",
            "chat": {"id": 4242, "type": "private"},
            "from": {"id": 4242, "is_bot": False, "first_name": "A"},
        },
    }
    body = json.dumps(update).encode()
    assert post(client, TG_URL, body).status_code == 403
    assert post(client, TG_URL, body, **{"X-Telegram-Bot-Api-Secret-Token": TG_SECRET + "x"}).status_code == 403
    assert not InboundUpdate.objects.exists()
    assert post(client, TG_URL, body, **{"X-Telegram-Bot-Api-Secret-Token": TG_SECRET}).status_code == 200
    assert InboundUpdate.objects.count() == 1


def test_unconfigured_channels_do_not_exist(client: Client, settings: Any) -> None:
    settings.WHATSAPP_APP_SECRET = ""
    settings.TELEGRAM_WEBHOOK_SECRET = ""
    assert client.post(WA_URL, b"{}", content_type="application/json").status_code == 404
    assert client.get(WA_URL, {"hub.mode": "subscribe"}).status_code == 404
    assert client.post(TG_URL, b"{}", content_type="application/json").status_code == 404


def test_a_signed_body_that_is_not_a_webhook_is_refused_without_a_crash(client: Client, stub: Any) -> None:
    for body in (b"not json", b"[1, 2]", b'{"object": "page"}', b'{"object": "whatsapp_business_account", "entry": 5}'):
        response = post(client, WA_URL, body, **{"X-Hub-Signature-256": wa_sign(body)})
        assert response.status_code in (200, 400)
    garbage = b'{"update_id": 1, "message": "text"}'
    assert post(client, TG_URL, garbage, **{"X-Telegram-Bot-Api-Secret-Token": TG_SECRET}).status_code == 200
    assert not InboundUpdate.objects.exists()


def test_group_chats_and_status_callbacks_are_ignored(client: Client, stub: Any) -> None:
    group = {
        "update_id": 9100,
        "message": {
            "message_id": 1,
            "date": 1700000000,
            "text": "lapor",
            "chat": {"id": -100123, "type": "supergroup"},
        },
    }
    body = json.dumps(group).encode()
    assert post(client, TG_URL, body, **{"X-Telegram-Bot-Api-Secret-Token": TG_SECRET}).json()["new"] == 0
    statuses = {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": "1",
                "changes": [
                    {
                        "field": "messages",
                        "value": {
                            "messaging_product": "whatsapp",
                            "metadata": {"phone_number_id": "x"},
                            "statuses": [
                                {
                                    "id": "wamid.X",
                                    "status": "delivered",
                                    "timestamp": "1700000000",
                                    "recipient_id": "62812",
                                }
                            ],
                        },
                    }
                ],
            }
        ],
    }
    body = json.dumps(statuses).encode()
    assert post(client, WA_URL, body, **{"X-Hub-Signature-256": wa_sign(body)}).json()["new"] == 0
    assert not InboundUpdate.objects.exists()
