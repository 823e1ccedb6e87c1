"""One adapter per chat channel; the engine looks them up by channel name."""

from __future__ import annotations

from netral.chat.adapters.base import Adapter
from netral.chat.adapters.telegram import TelegramAdapter
from netral.chat.adapters.whatsapp import WhatsAppAdapter

ADAPTERS: dict[str, Adapter] = {"whatsapp": WhatsAppAdapter(), "telegram": TelegramAdapter()}


def adapter_for(channel: str) -> Adapter:
    return ADAPTERS[channel]
