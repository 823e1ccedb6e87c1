"""A route table for the outbox tests: handlers that count their runs and their effects.

Counts live in ``core.Sequence`` rows (committed like any data, so a worker in another process
shows them too): ``runs/<message>`` per run, ``effect/<message>`` once (the idempotent effect).
With ``NETRAL_TEST_KILL=1`` in the environment a handler ends its process right after its effect,
before the message is marked done: a worker killed mid-task.
"""

from __future__ import annotations

import os

from netral.core import sequences
from netral.core.events import Event, Route
from netral.core.models import OutboxMessage, Sequence


def _effect(message: OutboxMessage) -> None:
    sequences.next_value("runs", message.pk)
    Sequence.objects.get_or_create(name="effect", period=str(message.pk), defaults={"value": 1})
    if os.environ.get("NETRAL_TEST_KILL") == "1":
        os._exit(17)


def record(message: OutboxMessage) -> None:
    _effect(message)


def fail(message: OutboxMessage) -> None:
    sequences.next_value("runs", message.pk)
    raise RuntimeError("the endpoint is down")


def _once(event: Event) -> str:
    return "one"


ROUTES = (
    Route("record", "q1", frozenset({"t.x", "t.atomic"}), record),
    Route("atomic", "q2", frozenset({"t.atomic"}), record, atomic=True),
    Route("coalesced", "q3", frozenset({"t.bulk"}), record, coalesce=_once),
    Route("failing", "q4", frozenset({"t.fail"}), fail, max_attempts=3),
)
