"""Receiving chat webhooks and handling them in order, once each.

``receive`` runs in the webhook request: the body is already verified; each message is stored as an
``InboundUpdate`` (unique per channel id: a replayed or re-delivered webhook adds nothing) and a
task is queued after commit. ``process`` runs in that task: it locks the peer's row, then handles
its pending updates oldest first, each in its own transaction with the replies it decided (the
outbox), so a worker killed halfway leaves every update either handled or still pending.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from netral.chat import outbox
from netral.chat.adapters import adapter_for
from netral.chat.adapters.base import Inbound, Outgoing
from netral.chat.choices import UpdateStatus
from netral.chat.engine import Conversation
from netral.chat.models import ChatPeer, InboundUpdate, address_index
from netral.core import context, db, ratelimit

logger = logging.getLogger(__name__)


def peer_rate() -> int:
    return int(getattr(settings, "CHAT_PEER_RATE", 120))


@dataclass
class Received:
    new: int = 0
    replayed: int = 0
    limited: int = 0


def _peer(channel: str, address: str) -> ChatPeer:
    index = address_index(address)
    peer = ChatPeer.objects.filter(channel=channel, address_index=index).first()
    if peer is not None:
        return peer
    try:
        with transaction.atomic():
            return ChatPeer.objects.create(channel=channel, address=address, address_index=index)
    except IntegrityError:  # a parallel webhook created it first
        return ChatPeer.objects.get(channel=channel, address_index=index)


def receive(events: list[Inbound]) -> Received:
    """Store each event once; over a chat's hourly limit it is stored as ignored (and said so, once)."""
    result = Received()
    for event in events:
        peer = _peer(event.channel, event.peer)
        with transaction.atomic():  # one commit per message: the row, the count, the reply if any
            outcome = _store(peer, event)
        setattr(result, outcome, getattr(result, outcome) + 1)
    return result


def _store(peer: ChatPeer, event: Inbound) -> str:
    """Store one message (inside the caller's transaction); "new", "replayed" or "limited"."""
    try:
        with transaction.atomic():
            update = InboundUpdate.objects.create(
                channel=event.channel,
                external_id=event.external_id[:200],
                peer=peer,
                payload=json.dumps(event.to_json()),
            )
    except IntegrityError:
        return "replayed"
    # Counted only for new messages: a re-delivered webhook neither runs twice nor uses the budget.
    if ratelimit.hit("chat-peer", f"{event.channel}:{peer.pk}", peer_rate()):
        transaction.on_commit(partial(enqueue_process, peer.pk))
        return "new"
    InboundUpdate.objects.filter(pk=update.pk).update(status=UpdateStatus.IGNORED, payload="")
    logger.info("chat peer %s over its hourly limit: update %s ignored", peer.pk, update.pk)
    if ratelimit.hit("chat-peer-told", f"{event.channel}:{peer.pk}", 1):
        with translation.override("id"):
            text = _("Terlalu banyak pesan dalam satu jam. Pesan berikutnya baru kami baca setelah %(m)d menit.") % {
                "m": max(1, ratelimit.retry_after() // 60)
            }
        outbox.queue(peer, Outgoing(text))
    return "limited"


def enqueue_process(peer_id: int) -> None:
    from netral.chat.tasks import process_chat

    try:
        process_chat.enqueue(peer_id)
    except Exception:  # the periodic command processes what is left
        logger.exception("could not enqueue chat processing for peer %s", peer_id)


def process(peer_id: int) -> int:
    """Handle the peer's pending updates oldest first; returns how many were handled."""
    handled = 0
    while True:
        try:
            done = db.retry_transient(lambda: _one(peer_id))
        except (db.Busy, OperationalError):
            logger.warning("chat peer %s: database busy, updates left pending", peer_id)
            break
        if not done:
            break
        handled += 1
    return handled


def _one(peer_id: int) -> bool:
    with transaction.atomic():
        peer = ChatPeer.objects.select_for_update().filter(pk=peer_id).first()
        if peer is None:
            return False
        update = (
            InboundUpdate.objects.select_for_update()
            .filter(peer=peer, status=UpdateStatus.PENDING)
            .order_by("id")
            .first()
        )
        if update is None:
            return False
        event = Inbound.from_json(json.loads(update.payload))
        adapter = adapter_for(peer.channel)
        status = UpdateStatus.DONE
        with translation.override("id"), context.acting(None):
            try:
                with transaction.atomic():
                    replies = Conversation(peer, adapter).handle(event)
            except OperationalError:
                raise  # the database: the whole update is tried again, nothing half-done
            except Exception:
                logger.exception("chat update %s of peer %s could not be handled", update.pk, peer.pk)
                status = UpdateStatus.FAILED
                replies = [Outgoing(_("Maaf, pesan Anda tidak dapat kami proses. Coba lagi sebentar lagi."))]
        for reply in replies:
            outbox.queue(peer, reply)
        InboundUpdate.objects.filter(pk=update.pk).update(status=status, payload="", processed_at=timezone.now())
        moment = event.sent_at or timezone.now()
        if peer.last_inbound_at is None or moment > peer.last_inbound_at:
            ChatPeer.objects.filter(pk=peer.pk).update(last_inbound_at=moment)
    if event.callback_id:
        adapter.acknowledge(event)
    return True


def pending_peers(limit: int = 1000) -> list[int]:
    return list(
        InboundUpdate.objects.filter(status=UpdateStatus.PENDING).values_list("peer_id", flat=True).distinct()[:limit]
    )
