"""Telegram Bot API: webhook secret, update shapes, sending with inline keyboards, file download.

- Webhook: ``setWebhook`` is given a ``secret_token``; Telegram sends it back in the
  ``X-Telegram-Bot-Api-Secret-Token`` header of every update (compared in constant time). Updates
  carry a ``message`` (text, photo sizes, video, document, sticker…) or a ``callback_query``
  (a tap on an inline keyboard button, with our ``callback_data``). Only private chats are served.
- Sending: ``POST {base}/bot<token>/sendMessage`` with ``reply_markup.inline_keyboard``; a tap is
  acknowledged with ``answerCallbackQuery``.
- Files: ``getFile`` answers the ``file_path`` (bots may download up to 20 MB), then
  ``GET {base}/file/bot<token>/<file_path>``.
"""

from __future__ import annotations

import contextlib
import datetime
import hmac
import json
from typing import Any

from django.conf import settings
from django.core.files import File
from django.http import HttpRequest

from netral.chat.adapters import http
from netral.chat.adapters.base import (
    BUTTON,
    EMPTY,
    MEDIA,
    STICKER,
    TEXT,
    UNSUPPORTED,
    Inbound,
    MediaRef,
    Outgoing,
    SendError,
)

CHANNEL = "telegram"
MAX_TEXT = 4096
CALLBACK_DATA = 64
UNSUPPORTED_KINDS = ("voice", "audio", "location", "contact", "poll", "venue", "dice", "game")


class TelegramAdapter:
    channel = CHANNEL

    def enabled(self) -> bool:
        return bool(settings.TELEGRAM_BOT_TOKEN and settings.TELEGRAM_WEBHOOK_SECRET)

    def verify(self, request: HttpRequest) -> bool:
        secret = settings.TELEGRAM_WEBHOOK_SECRET
        header = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
        return bool(secret) and hmac.compare_digest(header.encode(), secret.encode())

    # --- incoming ------------------------------------------------------------------------------

    def parse(self, body: bytes) -> list[Inbound]:
        update = json.loads(body)
        if not isinstance(update, dict) or "update_id" not in update:
            return []
        external_id = str(update["update_id"])
        if "callback_query" in update:
            query = update["callback_query"] or {}
            chat = ((query.get("message") or {}).get("chat")) or {}
            peer = str(chat.get("id") or (query.get("from") or {}).get("id") or "")
            if not peer or chat.get("type", "private") != "private":
                return []
            return [
                Inbound(
                    channel=CHANNEL,
                    external_id=external_id,
                    peer=peer,
                    kind=BUTTON,
                    button=str(query.get("data") or ""),
                    callback_id=str(query.get("id") or ""),
                )
            ]
        message = update.get("message")
        if not isinstance(message, dict):
            return []  # edited messages, channel posts, member updates: nothing to answer
        chat = message.get("chat") or {}
        if chat.get("type") != "private" or "id" not in chat:
            return []
        try:
            sent_at = datetime.datetime.fromtimestamp(int(message["date"]), tz=datetime.UTC)
        except (KeyError, TypeError, ValueError):
            sent_at = None
        base: dict[str, Any] = {
            "channel": CHANNEL,
            "external_id": external_id,
            "peer": str(chat["id"]),
            "sent_at": sent_at,
        }
        caption = str(message.get("caption") or "")
        media = self._media(message, external_id)
        if media is not None:
            return [Inbound(kind=MEDIA, media=media, text=caption, **base)]
        if "sticker" in message:
            return [Inbound(kind=STICKER, **base)]
        if "text" in message:
            text = str(message.get("text") or "")
            return [Inbound(kind=TEXT if text.strip() else EMPTY, text=text, **base)]
        detail = next((k for k in UNSUPPORTED_KINDS if k in message), "unknown")
        return [Inbound(kind=UNSUPPORTED, detail=detail, **base)]

    def _media(self, message: dict[str, Any], external_id: str) -> MediaRef | None:
        if message.get("photo"):
            sizes = [p for p in message["photo"] if isinstance(p, dict)]
            if not sizes:
                return None
            biggest = max(sizes, key=lambda p: (p.get("width", 0) * p.get("height", 0), p.get("file_size", 0)))
            return MediaRef(
                "image",
                str(biggest.get("file_id")),
                _int(biggest.get("file_size")),
                "image/jpeg",
                f"foto-{external_id}.jpg",
            )
        for key, kind in (
            ("video", "video"),
            ("video_note", "video"),
            ("animation", "video"),
            ("document", "document"),
        ):
            item = message.get(key)
            if isinstance(item, dict) and item.get("file_id"):
                name = str(item.get("file_name") or f"{key}-{external_id}")
                return MediaRef(
                    kind, str(item["file_id"]), _int(item.get("file_size")), str(item.get("mime_type") or ""), name
                )
        return None

    # --- outgoing ------------------------------------------------------------------------------

    def _url(self, method: str) -> str:
        return f"{settings.TELEGRAM_API_BASE.rstrip('/')}/bot{settings.TELEGRAM_BOT_TOKEN}/{method}"

    def body_for(self, peer: str, message: Outgoing) -> dict[str, Any]:
        body: dict[str, Any] = {"chat_id": peer, "text": message.text[:MAX_TEXT], "disable_web_page_preview": True}
        if message.buttons:
            body["reply_markup"] = {
                "inline_keyboard": [[{"text": b.title, "callback_data": b.id[:CALLBACK_DATA]}] for b in message.buttons]
            }
        return body

    def _call(self, method: str, payload: dict[str, Any]) -> Any:
        try:
            answer = http.call("POST", self._url(method), payload=payload)
        except http.HttpFailure as exc:
            body = exc.body if isinstance(exc.body, dict) else {}
            retry = (body.get("parameters") or {}).get("retry_after")
            permanent = exc.status is not None and 400 <= exc.status < 500 and exc.status != 429
            description = str(body.get("description") or "")[:200]
            raise SendError(
                f"telegram {method} {exc.status} {description}".strip(), permanent=permanent, retry_after=_int(retry)
            ) from exc
        if not isinstance(answer, dict) or not answer.get("ok"):
            raise SendError(f"telegram {method} not ok")
        return answer.get("result")

    def send(self, peer: str, message: Outgoing, *, window_open: bool) -> str:
        result = self._call("sendMessage", self.body_for(peer, message))
        return str((result or {}).get("message_id") or "")

    def open_media(self, media: MediaRef, limit: int) -> File:
        if media.size is not None and media.size > limit:
            raise http.TooLarge(media.size)
        try:
            info = self._call("getFile", {"file_id": media.ref}) or {}
        except SendError as exc:
            if "too big" in str(exc):  # bots may not download more than 20 MB: Telegram says so here
                raise http.TooLarge(None) from exc
            raise http.HttpFailure(None, message=str(exc)) from exc
        size = _int(info.get("file_size"))
        if size is not None and size > limit:
            raise http.TooLarge(size)
        path = str(info.get("file_path") or "")
        if not path or ".." in path:
            raise http.HttpFailure(None, message="no file_path")
        url = f"{settings.TELEGRAM_API_BASE.rstrip('/')}/file/bot{settings.TELEGRAM_BOT_TOKEN}/{path}"
        return http.download(url, limit, name=media.name or path.rsplit("/", 1)[-1])

    def acknowledge(self, inbound: Inbound) -> None:
        """Stop the button's spinner; best effort (the answer itself is a separate message)."""
        if inbound.callback_id:
            with contextlib.suppress(SendError):
                self._call("answerCallbackQuery", {"callback_query_id": inbound.callback_id})


def _int(value: Any) -> int | None:
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None
