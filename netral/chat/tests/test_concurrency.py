"""Webhooks delivered in parallel (PostgreSQL, one connection per thread, real commits): the same
message delivered twice at once is handled once, one chat's messages are handled in order, and the
limits hold under parallel clients."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from netral.chat.models import ChatSession, InboundUpdate
from netral.chat.tests.conftest import TG_SECRET, wa_envelope, wa_sign
from netral.testing import in_parallel, needs_postgres

pytestmark = [needs_postgres, pytest.mark.django_db(transaction=True)]


def wa_post(text: str, msg_id: str, wa_id: str = "6281299990000") -> int:
    message = {"from": wa_id, "id": msg_id, "timestamp": "1700000000", "type": "text", "text": {"body": text}}
    body = json.dumps(wa_envelope([message], wa_id)).encode()
    response = Client().post(
        "/chat/whatsapp/webhook/", body, content_type="application/json", headers={"X-Hub-Signature-256": wa_sign(body)}
    )
    return response.status_code


def test_the_same_webhook_delivered_eight_times_at_once_is_handled_once(reference_data: None, stub: Any) -> None:
    results, errors = in_parallel(8, lambda i: wa_post("lapor", "wamid.PARALLEL"))
    assert not errors, errors
    assert results == [200] * 8
    assert InboundUpdate.objects.count() == 1
    assert ChatSession.objects.count() == 1  # one "lapor": one draft
    assert len([t for t in stub.texts() if "(1/10)" in t]) == 1


def test_one_chats_messages_sent_at_once_are_handled_one_at_a_time_in_order(reference_data: None, stub: Any) -> None:
    wa_post("lapor", "wamid.START")
    answers = ["ASN", "Nama Satu", "Jabatan Dua", "Instansi Tiga"]
    results, errors = in_parallel(4, lambda i: wa_post(answers[i], f"wamid.P{i}"))
    assert not errors and results == [200] * 4
    assert set(InboundUpdate.objects.values_list("status", flat=True)) == {"done"}
    assert InboundUpdate.objects.count() == 5 and ChatSession.objects.count() == 1
    # Whatever order they arrived in, each was handled once, against the state the previous one left:
    # one reply each, no failure, and the draft holds the answers the steps accepted, in that order.
    texts = stub.texts()
    assert len(texts) == 5 and not [t for t in texts if "tidak dapat kami proses" in t]
    ids = InboundUpdate.objects.exclude(external_id="wamid.START").order_by("id").values_list("external_id", flat=True)
    order = [int(external_id.split(".P")[1]) for external_id in ids]
    draft = ChatSession.objects.get().load()
    if order[0] == 0:  # "ASN" came first: the next answer became the name
        assert draft["subject_kind"] == "asn" and draft["subject_name"] == answers[order[1]]
    else:  # a name arrived while the bot asked whom to report: refused, the kind still unanswered or "ASN" later
        assert "subject_name" not in draft or draft["subject_kind"] == "asn"


def test_telegram_parallel_replays_and_the_peer_limit(reference_data: None, stub: Any, settings: Any) -> None:
    settings.CHAT_PEER_RATE = 10

    def tg(i: int) -> int:
        update = {
            "update_id": 70000 + i % 15,
            "message": {
                "message_id": i,
                "date": 1700000000,
                "text": f"halo {i}",
                "chat": {"id": 5555, "type": "private"},
            },
        }
        body = json.dumps(update).encode()
        return (
            Client()
            .post(
                "/chat/telegram/webhook/",
                body,
                content_type="application/json",
                headers={"X-Telegram-Bot-Api-Secret-Token": TG_SECRET},
            )
            .status_code
        )

    results, errors = in_parallel(30, tg)
    assert not errors and set(results) == {200}
    assert InboundUpdate.objects.count() == 15  # 30 deliveries of 15 updates
    assert InboundUpdate.objects.exclude(status="ignored").count() == 10  # the hourly limit held
    told = [t for t in stub.texts() if "Terlalu banyak pesan dalam satu jam" in t]
    assert len(told) == 1
