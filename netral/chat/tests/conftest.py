"""Chat tests: the two API stubs on loopback, the channels configured to use them, and chat users."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from netral.chat.tests.stubs import TG_TOKEN, WA_PHONE_ID, WA_TOKEN, StubServer, buttons_of, text_of

WA_SECRET = "wa-app-secret-for-tests"
WA_VERIFY = "wa-verify-token"
TG_SECRET = "tg-webhook-secret_123"
_ids = itertools.count(1)


@pytest.fixture
def stub(settings: Any) -> Iterator[Any]:
    server = StubServer()
    settings.WHATSAPP_API_BASE = server.graph_base
    settings.WHATSAPP_PHONE_NUMBER_ID = WA_PHONE_ID
    settings.WHATSAPP_ACCESS_TOKEN = WA_TOKEN
    settings.WHATSAPP_APP_SECRET = WA_SECRET
    settings.WHATSAPP_VERIFY_TOKEN = WA_VERIFY
    settings.TELEGRAM_API_BASE = server.telegram_base
    settings.TELEGRAM_BOT_TOKEN = TG_TOKEN
    settings.TELEGRAM_WEBHOOK_SECRET = TG_SECRET
    settings.CHAT_HTTP_TIMEOUT = 5.0
    yield server.stub
    server.close()


def wa_envelope(messages: list[dict[str, Any]], wa_id: str) -> dict[str, Any]:
    """The Cloud API's webhook body: entry[].changes[].value.messages[] (Meta's webhook reference)."""
    return {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": "102290129340398",
                "changes": [
                    {
                        "value": {
                            "messaging_product": "whatsapp",
                            "metadata": {"display_phone_number": "6281100000000", "phone_number_id": WA_PHONE_ID},
                            "contacts": [{"profile": {"name": "Warga"}, "wa_id": wa_id}],
                            "messages": messages,
                        },
                        "field": "messages",
                    }
                ],
            }
        ],
    }


def wa_sign(body: bytes, secret: str = WA_SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class ChatUser:
    """A person on their phone: each message goes through the real webhook view; tasks run on commit."""

    channel = ""

    def __init__(self, client: Client, stub: Any, capture: Any, address: str) -> None:
        self.client, self.stub, self.capture, self.address = client, stub, capture, address
        self.responses: list[Any] = []

    def post(self, body: bytes, headers: dict[str, str]) -> Any:
        raise NotImplementedError

    def deliver(self, payload: dict[str, Any]) -> Any:
        body = json.dumps(payload).encode()
        with self.capture(execute=True):
            response = self.post(body, self.headers(body))
        self.responses.append(response)
        return response

    def headers(self, body: bytes) -> dict[str, str]:
        raise NotImplementedError

    # what the bot sent to this user
    def received(self) -> list[dict[str, Any]]:
        return [b for b in self.stub.sent() if self.is_mine(b)]

    def is_mine(self, body: dict[str, Any]) -> bool:
        raise NotImplementedError

    def last_text(self) -> str:
        return text_of(self.received()[-1])

    def all_text(self) -> str:
        return "\n---\n".join(text_of(b) for b in self.received())

    def buttons(self) -> list[tuple[str, str]]:
        for body in reversed(self.received()):
            if buttons_of(body):
                return buttons_of(body)
        return []

    def button_id(self, title: str) -> str:
        for bid, btitle in self.buttons():
            if btitle.lower().startswith(title.lower()):
                return bid
        raise AssertionError(f"no button {title!r} in {self.buttons()}")


class WhatsAppUser(ChatUser):
    channel = "whatsapp"

    def post(self, body: bytes, headers: dict[str, str]) -> Any:
        return self.client.post("/chat/whatsapp/webhook/", body, content_type="application/json", headers=headers)

    def headers(self, body: bytes) -> dict[str, str]:
        return {"X-Hub-Signature-256": wa_sign(body)}

    def is_mine(self, body: dict[str, Any]) -> bool:
        return body.get("to") == self.address

    def message(self, kind: str, content: dict[str, Any], msg_id: str | None = None) -> dict[str, Any]:
        msg_id = msg_id or f"wamid.HBgM{next(_ids):08d}"
        return {"from": self.address, "id": msg_id, "timestamp": str(int(time.time())), "type": kind, kind: content}

    def say(self, text: str, msg_id: str | None = None) -> Any:
        return self.deliver(wa_envelope([self.message("text", {"body": text}, msg_id)], self.address))

    def tap(self, title: str) -> Any:
        bid = self.button_id(title)
        last = self.received()[-1] if self.received() else {}
        kind = ((last.get("interactive") or {}).get("type")) or "button"
        reply_kind = "list_reply" if kind == "list" else "button_reply"
        content = {"type": reply_kind, reply_kind: {"id": bid, "title": title}}
        return self.deliver(wa_envelope([self.message("interactive", content)], self.address))

    def tap_id(self, bid: str, msg_id: str | None = None) -> Any:
        content = {"type": "button_reply", "button_reply": {"id": bid, "title": "x"}}
        return self.deliver(wa_envelope([self.message("interactive", content, msg_id)], self.address))

    def send_media(self, kind: str, media_id: str, mime: str, caption: str = "", filename: str = "") -> Any:
        content: dict[str, Any] = {"id": media_id, "mime_type": mime, "sha256": "abc="}
        if caption:
            content["caption"] = caption
        if filename:
            content["filename"] = filename
        return self.deliver(wa_envelope([self.message(kind, content)], self.address))

    def sticker(self) -> Any:
        content = {"id": "sticker-1", "mime_type": "image/webp", "sha256": "x=", "animated": False}
        return self.deliver(wa_envelope([self.message("sticker", content)], self.address))


class TelegramUser(ChatUser):
    channel = "telegram"
    update_ids = itertools.count(500000)

    def post(self, body: bytes, headers: dict[str, str]) -> Any:
        return self.client.post("/chat/telegram/webhook/", body, content_type="application/json", headers=headers)

    def headers(self, body: bytes) -> dict[str, str]:
        return {"X-Telegram-Bot-Api-Secret-Token": TG_SECRET}

    def is_mine(self, body: dict[str, Any]) -> bool:
        return str(body.get("chat_id")) == self.address

    def _chat(self) -> dict[str, Any]:
        return {"id": int(self.address), "first_name": "Warga", "type": "private"}

    def update(self, message: dict[str, Any], update_id: int | None = None) -> dict[str, Any]:
        base = {"message_id": next(_ids), "from": {"id": int(self.address), "is_bot": False, "first_name": "Warga"}}
        return {
            "update_id": update_id or next(self.update_ids),
            "message": {**base, "chat": self._chat(), "date": int(time.time()), **message},
        }

    def say(self, text: str, update_id: int | None = None) -> Any:
        return self.deliver(self.update({"text": text}, update_id))

    def tap(self, title: str) -> Any:
        return self.tap_id(self.button_id(title))

    def tap_id(self, data: str, update_id: int | None = None) -> Any:
        query = {
            "id": f"cbq{next(_ids)}",
            "from": {"id": int(self.address), "is_bot": False, "first_name": "Warga"},
            "message": {"message_id": 1, "date": int(time.time()), "chat": self._chat(), "text": "…"},
            "chat_instance": "-1",
            "data": data,
        }
        return self.deliver({"update_id": update_id or next(self.update_ids), "callback_query": query})

    def photo(self, file_id: str, size: int, caption: str = "") -> Any:
        sizes = [
            {"file_id": f"{file_id}-small", "file_unique_id": "s", "width": 90, "height": 67, "file_size": 1200},
            {"file_id": file_id, "file_unique_id": "b", "width": 320, "height": 240, "file_size": size},
        ]
        message: dict[str, Any] = {"photo": sizes}
        if caption:
            message["caption"] = caption
        return self.deliver(self.update(message))

    def video(self, file_id: str, size: int) -> Any:
        video = {
            "file_id": file_id,
            "file_unique_id": "v",
            "width": 1280,
            "height": 720,
            "duration": 600,
            "mime_type": "video/mp4",
            "file_size": size,
        }
        return self.deliver(self.update({"video": video}))

    def sticker(self) -> Any:
        sticker = {
            "file_id": "st1",
            "file_unique_id": "st",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
        }
        return self.deliver(self.update({"sticker": sticker}))


@pytest.fixture
def wa_user(client: Client, stub: Any, django_capture_on_commit_callbacks: Any) -> WhatsAppUser:
    return WhatsAppUser(client, stub, django_capture_on_commit_callbacks, "6281234567890")


@pytest.fixture
def tg_user(client: Client, stub: Any, django_capture_on_commit_callbacks: Any) -> TelegramUser:
    return TelegramUser(client, stub, django_capture_on_commit_callbacks, "987654321")
