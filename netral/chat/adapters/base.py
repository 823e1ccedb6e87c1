"""What every chat adapter shares: the channel-neutral shapes the engine reads and writes.

An adapter turns a channel's webhook body into ``Inbound`` events and ``Outgoing`` replies into the
channel's API calls; the engine (``chat.engine``) never sees a channel's JSON.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass
from typing import Any, Protocol

from django.http import HttpRequest

TEXT = "text"
BUTTON = "button"
MEDIA = "media"
STICKER = "sticker"
UNSUPPORTED = "unsupported"
EMPTY = "empty"


@dataclass(frozen=True)
class MediaRef:
    """A photo, video or document the user sent, by the channel's id; nothing downloaded yet."""

    kind: str  # image | video | document
    ref: str
    size: int | None = None  # as the channel declares it (None when it does not say)
    mime: str = ""
    name: str = ""


@dataclass(frozen=True)
class Inbound:
    channel: str
    external_id: str  # the channel's id of the message or update: what makes a replay recognisable
    peer: str  # whom to answer: a WhatsApp number (wa_id) or a Telegram chat id
    kind: str
    text: str = ""
    button: str = ""  # the id of a button we sent
    media: MediaRef | None = None
    sent_at: datetime.datetime | None = None
    callback_id: str = ""  # Telegram: the callback query to acknowledge
    detail: str = ""  # what an unsupported message was (audio, location…), for the reply

    def to_json(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["sent_at"] = self.sent_at.isoformat() if self.sent_at else None
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Inbound:
        values = dict(data)
        media = values.pop("media", None)
        sent_at = values.pop("sent_at", None)
        return cls(
            **values,
            media=MediaRef(**media) if media else None,
            sent_at=datetime.datetime.fromisoformat(sent_at) if sent_at else None,
        )


@dataclass(frozen=True)
class Button:
    id: str
    title: str
    description: str = ""


@dataclass(frozen=True)
class Outgoing:
    text: str
    buttons: tuple[Button, ...] = ()
    # A notice may have to be sent as an approved template (WhatsApp, outside the 24-hour window).
    notice: bool = False
    template_params: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Outgoing:
        return cls(
            text=data["text"],
            buttons=tuple(Button(**b) for b in data.get("buttons") or ()),
            notice=bool(data.get("notice")),
            template_params=tuple(data.get("template_params") or ()),
        )


class SendError(Exception):
    """The channel refused or did not answer. ``permanent``: retrying the same message cannot help."""

    def __init__(self, message: str, *, permanent: bool = False, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.permanent = permanent
        self.retry_after = retry_after


class Adapter(Protocol):
    channel: str

    def enabled(self) -> bool: ...

    def verify(self, request: HttpRequest) -> bool: ...

    def parse(self, body: bytes) -> list[Inbound]: ...

    def send(self, peer: str, message: Outgoing, *, window_open: bool) -> str: ...

    def open_media(self, media: MediaRef, limit: int) -> Any: ...

    def acknowledge(self, inbound: Inbound) -> None: ...
