"""Sending to chat users: rows queued in the transaction that decided them, sent in order after commit.

One sender per peer at a time (a named lease), so replies arrive in the order they were decided; a
row is claimed with a conditional UPDATE before its API call, so two workers never send it twice.
A transient failure (timeout, 5xx, 429) stops that peer's queue and is retried with backoff by the
next flush (``deliver_chat_outbox`` runs every minute); a permanent refusal (blocked bot, unknown
number) fails the row. Payloads are emptied once sent: the outbox keeps no conversation.
"""

from __future__ import annotations

import datetime
import json
import logging
import time
import uuid
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from netral.chat.adapters import adapter_for
from netral.chat.adapters.base import Outgoing, SendError
from netral.chat.choices import OutboxStatus
from netral.chat.models import ChatPeer, OutboundMessage
from netral.core import leases, ratelimit

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
LEASE_SECONDS = 60
WINDOW = datetime.timedelta(hours=24)


def queue(peer: ChatPeer, message: Outgoing, *, key: str | None = None) -> OutboundMessage | None:
    """Add a message to the peer's queue (in the caller's transaction); None when `key` was queued before."""
    try:
        with transaction.atomic():
            row = OutboundMessage.objects.create(peer=peer, key=key, payload=json.dumps(message.to_json()))
    except IntegrityError:
        return None
    transaction.on_commit(partial(enqueue_flush, peer.pk))
    return row


def enqueue_flush(peer_id: int) -> None:
    from netral.chat.tasks import send_outbox

    try:
        send_outbox.enqueue(peer_id)
    except Exception:  # the periodic flush picks the rows up
        logger.exception("could not enqueue the chat outbox of peer %s", peer_id)


def _due(now: datetime.datetime) -> Q:
    pending = Q(status=OutboxStatus.PENDING) & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
    stale = Q(status=OutboxStatus.SENDING, next_attempt_at__lte=now)  # its sender died mid-call
    return pending | stale


def _claim(row_id: int, now: datetime.datetime) -> OutboundMessage | None:
    won = OutboundMessage.objects.filter(_due(now), pk=row_id).update(
        status=OutboxStatus.SENDING,
        attempts=F("attempts") + 1,
        next_attempt_at=now + datetime.timedelta(seconds=LEASE_SECONDS),
    )
    return OutboundMessage.objects.select_related("peer").get(pk=row_id) if won == 1 else None


def _wait_for_rate(channel: str) -> bool:
    """The channel's per-second budget (``CHAT_SEND_PER_SECOND``), shared by every worker; waits up to 2 s."""
    limit = int(getattr(settings, "CHAT_SEND_PER_SECOND", 20))
    for _ in range(40):
        if ratelimit.hit(f"chat-send-{channel}", "all", limit, period=1):
            return True
        time.sleep(0.05)
    return False


def send_one(row: OutboundMessage) -> bool:
    """Send a claimed row; True when it left (or can never leave), False to stop this peer's queue for now."""
    peer = row.peer
    adapter = adapter_for(peer.channel)
    now = timezone.now()
    if not adapter.enabled():
        _finish(row, OutboxStatus.PENDING, "channel not configured", retry_in=300)
        return False
    if not _wait_for_rate(peer.channel):
        _finish(row, OutboxStatus.PENDING, "", retry_in=1)
        return False
    message = Outgoing.from_json(json.loads(row.payload))
    window_open = peer.last_inbound_at is not None and now - peer.last_inbound_at < WINDOW
    try:
        external_id = adapter.send(peer.address, message, window_open=window_open)
    except SendError as exc:
        if exc.permanent or row.attempts >= MAX_ATTEMPTS:
            logger.warning("chat message %s to peer %s given up: %s", row.pk, peer.pk, exc)
            _finish(row, OutboxStatus.FAILED, str(exc), clear=True)
            return True
        wait = exc.retry_after or 30 * 2 ** (row.attempts - 1)
        logger.info("chat message %s to peer %s will be retried in %ss: %s", row.pk, peer.pk, wait, exc)
        _finish(row, OutboxStatus.PENDING, str(exc), retry_in=wait)
        return False
    _finish(row, OutboxStatus.SENT, "", clear=True, external_id=external_id)
    return True


def _finish(
    row: OutboundMessage,
    status: str,
    error: str,
    *,
    retry_in: int | None = None,
    clear: bool = False,
    external_id: str = "",
) -> None:
    fields: dict[str, object] = {"status": status, "error": error[:300]}
    fields["next_attempt_at"] = timezone.now() + datetime.timedelta(seconds=retry_in) if retry_in else None
    if status == OutboxStatus.SENT:
        fields["sent_at"] = timezone.now()
        fields["external_id"] = external_id[:200]
    if clear:
        fields["payload"] = ""
    # Through the queryset, so the encrypted column is written as the field writes it.
    OutboundMessage.objects.filter(pk=row.pk, status=OutboxStatus.SENDING).update(**fields)


def flush(peer_id: int) -> int:
    """Send the peer's due messages in order; returns how many left. Safe to call from anywhere, any time."""
    holder = uuid.uuid4().hex
    name = f"chat-outbox:{peer_id}"
    sent = 0
    while leases.acquire(name, holder, LEASE_SECONDS):
        blocked = False
        try:
            while True:
                now = timezone.now()
                due = OutboundMessage.objects.filter(_due(now), peer_id=peer_id).order_by("id")
                row_id = due.values_list("pk", flat=True).first()
                if row_id is None:
                    break
                # An older row waiting for its retry keeps the ones behind it waiting: order first.
                if OutboundMessage.objects.filter(peer_id=peer_id, status=OutboxStatus.PENDING, id__lt=row_id).exists():
                    blocked = True
                    break
                row = _claim(row_id, now)
                if row is None:
                    continue
                if not send_one(row):
                    blocked = True
                    break
                sent += 1
        finally:
            leases.release(name, holder)
        # A row queued while we held the lease (its own flush found the lease taken): go round again.
        if blocked or not OutboundMessage.objects.filter(_due(timezone.now()), peer_id=peer_id).exists():
            break
    return sent


def due_peers(limit: int = 1000) -> list[int]:
    return list(
        OutboundMessage.objects.filter(_due(timezone.now())).values_list("peer_id", flat=True).distinct()[:limit]
    )
