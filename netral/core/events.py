"""The one event path: services ``emit`` what they did; a worker hands it to the subscribed handlers.

A service calls ``emit(Event(topic, payload))`` inside its transaction. ``emit`` writes one
``OutboxMessage`` per handler subscribed to the topic (the routes are one table,
``settings.NETRAL_EVENT_ROUTES``, by default ``netral/events.py``), so the messages commit or roll
back with the change itself: no event is lost, none is invented. Nothing else fans out: no
``post_save`` signal carries domain behaviour.

Handlers run later, in ``core.outbox`` (``manage.py run_outbox``; with
``settings.NETRAL_OUTBOX_EAGER`` also right after the commit, in the same process). Each handler
must be idempotent. A route may coalesce: messages with the same key, emitted in one transaction,
are written once (e.g. one index invalidation for a bulk import).

Payloads carry ids and codes, never personal data: they are stored, and logged on failure.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Event:
    """Something that happened: a dotted topic (``case.transitioned``) and a JSON payload of ids."""

    topic: str
    payload: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Route:
    """A handler subscribed to some topics, run by the workers of one queue.

    `coalesce` gives the key under which messages of one transaction are written once ("" or None:
    never coalesced); `delay` holds the message back (e.g. to debounce an expensive recomputation);
    `atomic` runs the handler and the done-mark in one transaction (handlers with database effects
    only: never one that waits on the network, which would hold the transaction open).
    """

    handler: str
    queue: str
    topics: frozenset[str]
    run: Callable[[Any], object]
    coalesce: Callable[[Event], str] | None = None
    delay: datetime.timedelta = datetime.timedelta(0)
    max_attempts: int = 10
    atomic: bool = False

    def wants(self, topic: str) -> bool:
        return topic in self.topics or any(t.endswith(".*") and topic.startswith(t[:-1]) for t in self.topics)


@cache
def routes() -> tuple[Route, ...]:
    """The route table (``settings.NETRAL_EVENT_ROUTES``: a dotted path to a sequence of Route)."""
    return tuple(import_string(getattr(settings, "NETRAL_EVENT_ROUTES", "netral.events.ROUTES")))


def route(handler: str) -> Route:
    for r in routes():
        if r.handler == handler:
            return r
    raise LookupError(f"no outbox route named {handler!r}")


def _transaction_token() -> str:
    """An id for the current transaction, for coalescing: new in every transaction.

    The token lives as long as the on-commit callback registered with it: Django drops that
    callback when the transaction (or the savepoint that registered it) rolls back, and runs it
    at commit, so a token never outlives its transaction.
    """
    conn = transaction.get_connection()
    state: tuple[str, Callable[[], None]] | None = getattr(conn, "_netral_outbox", None)
    if state is not None and any(entry[1] is state[1] for entry in conn.run_on_commit):
        return state[0]
    token = uuid.uuid4().hex
    conn._netral_coalesced = {}

    def forget() -> None:
        conn._netral_outbox = None

    transaction.on_commit(forget)
    conn._netral_outbox = (token, forget)
    return token


def emit(event: Event) -> list[int]:
    """Write `event` to the outbox for every subscribed handler, in the caller's transaction.

    Returns the ids of the messages written (coalesced ones are not written again).
    """
    from netral.core.models import OutboxMessage

    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("emit() belongs inside the transaction of the change it announces")
    now = timezone.now()
    token = _transaction_token()
    conn = transaction.get_connection()
    # Coalesced keys this transaction already wrote, each with an on-commit marker: a savepoint
    # rolled back drops its marker, and the message it wrote is then written again (no query needed).
    written: dict[tuple[str, str], Callable[[], None]] = conn._netral_coalesced
    messages: list[OutboxMessage] = []
    for r in routes():
        if not r.wants(event.topic):
            continue
        key = r.coalesce(event) if r.coalesce is not None else ""
        if key:
            marker = written.get((r.handler, key))
            if marker is not None and any(entry[1] is marker for entry in conn.run_on_commit):
                continue

            def mark() -> None:
                return None

            transaction.on_commit(mark)
            written[(r.handler, key)] = mark
        messages.append(
            OutboxMessage(
                topic=event.topic,
                payload=dict(event.payload),
                handler=r.handler,
                queue=r.queue,
                coalesce_key=key or "",
                txn=token,
                available_at=now + r.delay,
            )
        )
    if len(messages) > 1 and conn.features.can_return_rows_from_bulk_insert:
        OutboxMessage.objects.bulk_create(messages)  # one INSERT for every handler of the event
    else:
        for message in messages:
            message.save()
    ids = [m.pk for m in messages]
    if ids and getattr(settings, "NETRAL_OUTBOX_EAGER", False):
        from netral.core import outbox

        transaction.on_commit(lambda: outbox.run_now(ids))
    return ids
