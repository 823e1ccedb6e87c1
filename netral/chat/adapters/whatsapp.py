"""WhatsApp Business Cloud API (Meta Graph API): webhook signature, message shapes, sending, media.

- Webhook: Meta signs the raw body with the app secret, ``X-Hub-Signature-256: sha256=<hex HMAC-SHA256>``;
  the subscription handshake is a GET with ``hub.mode=subscribe``, ``hub.verify_token`` and
  ``hub.challenge`` (answered in ``chat.views``). Messages arrive under
  ``entry[].changes[].value.messages[]`` (delivery statuses under ``value.statuses`` are ignored).
- Sending: ``POST {base}/{phone-number-id}/messages`` with a bearer token: text, interactive reply
  buttons (up to 3, titles up to 20 characters) or an interactive list (up to 10 rows, titles up
  to 24), and outside the 24-hour customer-service window only an approved template.
- Media: ``GET {base}/{media-id}`` answers a short-lived URL with ``file_size``; the file is fetched
  from that URL with the same token.
"""

from __future__ import annotations

import datetime
import hashlib
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

CHANNEL = "whatsapp"
MAX_BUTTONS = 3
BUTTON_TITLE = 20
LIST_ROWS = 10
ROW_TITLE = 24
ROW_DESCRIPTION = 72
MAX_TEXT = 4096
# Graph API error codes: 131047 = outside the 24-hour window (a template is needed), 131026 = not on WhatsApp.
OUTSIDE_WINDOW = 131047
PERMANENT_CODES = {131026, 131051, 100, 190, 131008, 131009, 132000, 132001}
MEDIA_KINDS = {"image": "image", "video": "video", "document": "document"}


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class WhatsAppAdapter:
    channel = CHANNEL

    def enabled(self) -> bool:
        return bool(
            settings.WHATSAPP_APP_SECRET and settings.WHATSAPP_ACCESS_TOKEN and settings.WHATSAPP_PHONE_NUMBER_ID
        )

    def verify(self, request: HttpRequest) -> bool:
        """The body's HMAC with the app secret, compared in constant time (a missing header fails)."""
        header = request.headers.get("X-Hub-Signature-256", "")
        if not header.startswith("sha256=") or not settings.WHATSAPP_APP_SECRET:
            return False
        return hmac.compare_digest(sign(settings.WHATSAPP_APP_SECRET, request.body), header)

    def verify_subscription(self, params: Any) -> str | None:
        """The GET handshake: the challenge to echo when the verify token matches, else None."""
        token = settings.WHATSAPP_VERIFY_TOKEN
        if params.get("hub.mode") != "subscribe" or not token:
            return None
        if not hmac.compare_digest(str(params.get("hub.verify_token", "")), token):
            return None
        challenge = str(params.get("hub.challenge", ""))
        return challenge if challenge.isdigit() or challenge.isalnum() else None

    # --- incoming ------------------------------------------------------------------------------

    def parse(self, body: bytes) -> list[Inbound]:
        payload = json.loads(body)
        if not isinstance(payload, dict) or payload.get("object") != "whatsapp_business_account":
            return []
        ours = settings.WHATSAPP_PHONE_NUMBER_ID
        out: list[Inbound] = []
        for entry in payload.get("entry") or []:
            for change in entry.get("changes") or []:
                value = change.get("value") or {}
                if change.get("field") != "messages":
                    continue
                number_id = str((value.get("metadata") or {}).get("phone_number_id", ""))
                if ours and number_id and number_id != ours:
                    continue  # another number of the same business account
                for message in value.get("messages") or []:
                    parsed = self._message(message)
                    if parsed is not None:
                        out.append(parsed)
        return out

    def _message(self, m: dict[str, Any]) -> Inbound | None:
        external_id, peer = str(m.get("id") or ""), str(m.get("from") or "")
        if not external_id or not peer:
            return None
        try:
            sent_at = datetime.datetime.fromtimestamp(int(m["timestamp"]), tz=datetime.UTC)
        except (KeyError, TypeError, ValueError, OverflowError):
            sent_at = None
        base: dict[str, Any] = {"channel": CHANNEL, "external_id": external_id, "peer": peer, "sent_at": sent_at}
        kind = m.get("type")
        if kind == "text":
            text = str((m.get("text") or {}).get("body") or "")
            return Inbound(kind=TEXT if text.strip() else EMPTY, text=text, **base)
        if kind == "interactive":
            interactive = m.get("interactive") or {}
            reply = interactive.get("button_reply") or interactive.get("list_reply") or {}
            return Inbound(kind=BUTTON, button=str(reply.get("id") or ""), text=str(reply.get("title") or ""), **base)
        if kind == "button":  # a quick-reply button of a template
            button = m.get("button") or {}
            return Inbound(
                kind=BUTTON, button=str(button.get("payload") or ""), text=str(button.get("text") or ""), **base
            )
        if kind in MEDIA_KINDS:
            media = m.get(kind) or {}
            ref = MediaRef(
                kind=MEDIA_KINDS[kind],
                ref=str(media.get("id") or ""),
                mime=str(media.get("mime_type") or ""),
                name=str(media.get("filename") or f"{kind}-{external_id[-8:]}"),
            )
            return Inbound(kind=MEDIA, media=ref, text=str(media.get("caption") or ""), **base)
        if kind == "sticker":
            return Inbound(kind=STICKER, **base)
        return Inbound(kind=UNSUPPORTED, detail=str(kind or "unknown"), **base)

    # --- outgoing ------------------------------------------------------------------------------

    def _url(self, path: str) -> str:
        return f"{settings.WHATSAPP_API_BASE.rstrip('/')}/{path.lstrip('/')}"

    def _auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {settings.WHATSAPP_ACCESS_TOKEN}"}

    def body_for(self, peer: str, message: Outgoing, *, window_open: bool) -> dict[str, Any]:
        """The Graph API request body for one message (a template outside the 24-hour window)."""
        base: dict[str, Any] = {"messaging_product": "whatsapp", "recipient_type": "individual", "to": peer}
        if message.notice and not window_open:
            parameters = [{"type": "text", "text": p} for p in message.template_params]
            template: dict[str, Any] = {
                "name": settings.WHATSAPP_NOTICE_TEMPLATE,
                "language": {"code": settings.WHATSAPP_TEMPLATE_LANGUAGE},
            }
            if parameters:
                template["components"] = [{"type": "body", "parameters": parameters}]
            return {**base, "type": "template", "template": template}
        text = _clip(message.text, MAX_TEXT)
        buttons = message.buttons
        if not buttons:
            return {**base, "type": "text", "text": {"body": text, "preview_url": False}}
        if len(buttons) <= MAX_BUTTONS and all(len(b.title) <= BUTTON_TITLE for b in buttons):
            action: dict[str, Any] = {
                "buttons": [{"type": "reply", "reply": {"id": b.id, "title": b.title}} for b in buttons]
            }
            interactive = {"type": "button", "body": {"text": _clip(text, 1024)}, "action": action}
            return {**base, "type": "interactive", "interactive": interactive}
        rows = []
        for b in buttons[:LIST_ROWS]:
            row = {"id": b.id, "title": _clip(b.title, ROW_TITLE)}
            if b.description or len(b.title) > ROW_TITLE:
                row["description"] = _clip(b.description or b.title, ROW_DESCRIPTION)
            rows.append(row)
        interactive = {
            "type": "list",
            "body": {"text": _clip(text, 1024)},
            "action": {"button": "Pilih", "sections": [{"title": "Pilihan", "rows": rows}]},
        }
        return {**base, "type": "interactive", "interactive": interactive}

    def send(self, peer: str, message: Outgoing, *, window_open: bool) -> str:
        url = self._url(f"{settings.WHATSAPP_PHONE_NUMBER_ID}/messages")
        try:
            answer = http.call(
                "POST", url, payload=self.body_for(peer, message, window_open=window_open), headers=self._auth()
            )
        except http.HttpFailure as exc:
            error = (exc.body or {}).get("error", {}) if isinstance(exc.body, dict) else {}
            code = error.get("code")
            if code == OUTSIDE_WINDOW and message.notice and window_open:
                # Our clock said the window was open, WhatsApp's says not: send the template instead.
                return self.send(peer, message, window_open=False)
            permanent = code in PERMANENT_CODES or (
                exc.status is not None and 400 <= exc.status < 500 and exc.status != 429
            )
            raise SendError(f"whatsapp {exc.status} {code}", permanent=permanent) from exc
        messages = (answer or {}).get("messages") or [{}]
        return str(messages[0].get("id") or "")

    def open_media(self, media: MediaRef, limit: int) -> File:
        """The media's metadata first: a declared size over the cap is refused before any download."""
        meta = http.call("GET", self._url(media.ref), headers=self._auth())
        declared = (meta or {}).get("file_size")
        try:
            size = int(declared) if declared is not None else None
        except (TypeError, ValueError):
            size = None
        if size is not None and size > limit:
            raise http.TooLarge(size)
        url = str((meta or {}).get("url") or "")
        if not url.startswith(("https://", "http://")):
            raise http.HttpFailure(None, message="no media URL")
        return http.download(url, limit, headers=self._auth(), name=media.name or media.ref)

    def acknowledge(self, inbound: Inbound) -> None:
        """Nothing to acknowledge: a reply button's tap is an ordinary message on WhatsApp."""
