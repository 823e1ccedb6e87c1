"""Consuming the outbox: claim due messages, run their handlers, mark them done (``core.events``).

Claims are leases. A worker takes a batch of due messages of its queues in one short transaction
(``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL, so two workers never take the same row and
never wait for each other; on SQLite every write transaction starts IMMEDIATE and so holds the
database's one write lock, which serialises the claims the same way) and stamps them with its id
and a lease end. A worker killed mid-message leaves the lease to run out; the next worker takes
the message again. So a message may run twice, never zero times: every handler is idempotent
(a timeline entry's ``notified`` flag, one webhook delivery per endpoint and event id, the index's
dirty flag). A route marked ``atomic`` runs its handler and the done-mark in one transaction, so
its database effects happen exactly once.

A failing handler is retried with exponential backoff, and after ``Route.max_attempts`` the
message stays as failed (``manage.py run_outbox --failed`` lists them; ``--retry-failed`` requeues).
"""

from __future__ import annotations

import datetime
import logging
import os
import socket
import time
import uuid
from collections.abc import Iterable, Sequence

from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from netral.core import db
from netral.core.events import route
from netral.core.models import OutboxMessage

logger = logging.getLogger(__name__)

DEFAULT_LEASE = datetime.timedelta(minutes=5)


def worker_id() -> str:
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def backoff(attempts: int) -> datetime.timedelta:
    """30 s, 1 min, 2 min … capped at 1 h."""
    return datetime.timedelta(seconds=min(3600, 30 * 2 ** max(0, attempts - 1)))


def _due(now: datetime.datetime) -> Q:
    return Q(done_at__isnull=True, failed=False, available_at__lte=now) & (
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    )


def claim(
    worker: str,
    *,
    queues: Sequence[str] = (),
    ids: Iterable[int] | None = None,
    limit: int = 20,
    lease: datetime.timedelta = DEFAULT_LEASE,
) -> list[OutboxMessage]:
    """Take up to `limit` due messages (of `queues`, or of `ids`) for `worker` until the lease ends."""

    def take() -> list[OutboxMessage]:
        now = timezone.now()
        with transaction.atomic():
            qs = OutboxMessage.objects.filter(_due(now))
            if queues:
                qs = qs.filter(queue__in=list(queues))
            if ids is not None:
                qs = qs.filter(pk__in=list(ids))
            if connection.features.has_select_for_update_skip_locked:
                qs = qs.select_for_update(skip_locked=True)
            picked = list(qs.order_by("id").values_list("pk", flat=True)[:limit])
            if not picked:
                return []
            # Re-check the claim condition in the UPDATE itself (a second guard besides the lock).
            OutboxMessage.objects.filter(_due(now), pk__in=picked).update(
                claimed_by=worker, claimed_until=now + lease, attempts=F("attempts") + 1
            )
            return list(OutboxMessage.objects.filter(pk__in=picked, claimed_by=worker).order_by("id"))

    return db.retry_transient(take)


def _done(message: OutboxMessage, worker: str) -> None:
    OutboxMessage.objects.filter(pk=message.pk, claimed_by=worker, done_at__isnull=True).update(
        done_at=timezone.now(), claimed_until=None, last_error=""
    )


def process(message: OutboxMessage, worker: str) -> bool:
    """Run one claimed message's handler; True when it is done (now or already by someone else)."""
    r = route(message.handler)
    try:
        if r.atomic:
            with transaction.atomic():
                r.run(message)
                _done(message, worker)
        else:
            r.run(message)
            _done(message, worker)
        return True
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"[:2000]
        failed = message.attempts >= r.max_attempts
        OutboxMessage.objects.filter(pk=message.pk, claimed_by=worker, done_at__isnull=True).update(
            claimed_until=None,
            claimed_by="",
            last_error=error,
            failed=failed,
            available_at=timezone.now() + backoff(message.attempts),
        )
        logger.exception("outbox message %s (%s → %s) failed", message.pk, message.topic, message.handler)
        return False


def run_batch(
    worker: str,
    *,
    queues: Sequence[str] = (),
    ids: Iterable[int] | None = None,
    limit: int = 20,
    lease: datetime.timedelta = DEFAULT_LEASE,
) -> int:
    """Claim and process one batch; returns how many messages were claimed.

    Within a batch, messages of one handler with the same coalesce key run the handler once.
    """
    messages = claim(worker, queues=queues, ids=ids, limit=limit, lease=lease)
    seen: dict[tuple[str, str], bool] = {}
    for message in messages:
        key = (message.handler, message.coalesce_key)
        if message.coalesce_key and key in seen:
            if seen[key]:
                _done(message, worker)
            continue
        seen[key] = process(message, worker)
    return len(messages)


def run_now(ids: Sequence[int]) -> None:
    """Process just-committed messages in this process (``settings.NETRAL_OUTBOX_EAGER``).

    A failure here never reaches the request that emitted them: the message stays in the outbox
    for a worker.
    """
    try:
        run_batch(worker_id(), ids=ids, limit=len(ids))
    except Exception:
        logger.exception("eager outbox run failed; the worker will take the messages")


def drain(
    queues: Sequence[str] = (),
    *,
    worker: str | None = None,
    limit: int = 20,
    lease: datetime.timedelta = DEFAULT_LEASE,
) -> int:
    """Process every due message of `queues` (all queues when empty) until none is left."""
    worker = worker or worker_id()
    total = 0
    while n := run_batch(worker, queues=queues, limit=limit, lease=lease):
        total += n
    return total


def serve(
    queues: Sequence[str] = (),
    *,
    idle: float = 1.0,
    limit: int = 20,
    lease: datetime.timedelta = DEFAULT_LEASE,
    stop_after: float | None = None,
) -> None:
    """The worker loop: process batches, sleep `idle` seconds when nothing is due."""
    worker = worker_id()
    started = time.monotonic()
    logger.info("outbox worker %s serving %s", worker, ", ".join(queues) or "every queue")
    while stop_after is None or time.monotonic() - started < stop_after:
        if not run_batch(worker, queues=queues, limit=limit, lease=lease):
            time.sleep(idle)
