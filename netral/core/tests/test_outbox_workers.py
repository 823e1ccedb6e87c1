"""Outbox workers on PostgreSQL: two at once never take the same message, and a worker killed in
the middle of a message loses nothing and doubles nothing.

These need several connections (and a second process) on one database server, so they run on
PostgreSQL (the test command runs every app's tests there too).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, connections, transaction

from netral.core import events, outbox
from netral.core.events import Event, emit
from netral.core.models import OutboxMessage, Sequence

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="needs several connections to one database server (PostgreSQL)",
    ),
    pytest.mark.django_db(transaction=True),
]
ROOT = Path(__file__).resolve().parents[3]
ROUTES = "netral.core.tests.outbox_routes.ROUTES"


@pytest.fixture
def test_routes(settings: Any) -> Iterator[None]:
    settings.NETRAL_EVENT_ROUTES = ROUTES
    settings.NETRAL_OUTBOX_EAGER = False
    events.routes.cache_clear()
    yield
    events.routes.cache_clear()


def counts(name: str) -> dict[int, int]:
    return {int(p): v for p, v in Sequence.objects.filter(name=name).values_list("period", "value")}


def test_two_workers_share_the_queue_without_taking_a_message_twice(test_routes: None) -> None:
    with transaction.atomic():
        ids = [emit(Event("t.x", {"i": i}))[0] for i in range(60)]
    claimed: dict[str, list[int]] = {}
    barrier = threading.Barrier(2)

    def work(name: str) -> None:
        try:
            barrier.wait()
            mine: list[int] = []
            # Small batches and a pause inside each claim's transaction make the claims overlap.
            while batch := outbox.claim(name, queues=["q1"], limit=3):
                mine += [m.pk for m in batch]
                for m in batch:
                    outbox.process(m, name)
                time.sleep(0.01)
            claimed[name] = mine
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(f"w{i}",)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    first, second = claimed["w0"], claimed["w1"]
    assert first and second, "both workers took part"
    assert sorted(first + second) == sorted(ids) and not set(first) & set(second)
    assert set(counts("runs").values()) == {1} and len(counts("effect")) == 60
    assert OutboxMessage.objects.filter(pk__in=ids, done_at__isnull=True).count() == 0


LEASE = 2.0


def _worker_process(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`manage.py run_outbox --once` in another process, on the test database (short leases)."""
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    command = [sys.executable, "manage.py", "run_outbox", "--once", "--queue", "q1", "--queue", "q2"]
    return subprocess.run(  # noqa: S603 (our own manage.py)
        [*command, "--batch", "1", "--lease", str(LEASE)],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url, "NETRAL_EVENT_ROUTES": ROUTES, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_worker_killed_mid_message_loses_nothing_and_doubles_nothing(test_routes: None) -> None:
    with transaction.atomic():
        plain, atomic = emit(Event("t.atomic", {"case": 1}))  # one message for each route
    # The first worker does the effect of the first message it takes, then dies before marking it
    # done: its claim stays, and nothing else of its work.
    killed = _worker_process({"NETRAL_TEST_KILL": "1"})
    assert killed.returncode == 17, killed.stderr
    taken = OutboxMessage.objects.get(pk=plain)
    assert taken.done_at is None and taken.claimed_by and counts("runs") == {plain: 1}
    assert taken.claimed_until is not None
    assert OutboxMessage.objects.get(pk=atomic).attempts == 0  # never reached
    # Its lease runs out; a healthy worker takes both over.
    OutboxMessage.objects.filter(pk=plain).update(
        claimed_until=taken.claimed_until - (taken.claimed_until - taken.created_at) * 2
    )
    healthy = _worker_process({})
    assert healthy.returncode == 0, healthy.stderr
    assert OutboxMessage.objects.filter(pk__in=[plain, atomic], done_at__isnull=False).count() == 2
    assert counts("runs") == {plain: 2, atomic: 1}  # the killed message ran again...
    assert set(counts("effect")) == {plain, atomic} and set(counts("effect").values()) == {1}  # ...its effect once


def test_a_worker_killed_inside_an_atomic_handler_leaves_no_effect(test_routes: None) -> None:
    with transaction.atomic():
        atomic = emit(Event("t.atomic", {"case": 2}))[1]
    OutboxMessage.objects.exclude(pk=atomic).delete()
    killed = _worker_process({"NETRAL_TEST_KILL": "1"})
    assert killed.returncode == 17, killed.stderr
    assert counts("runs") == {} and counts("effect") == {}  # rolled back with the dead transaction
    taken = OutboxMessage.objects.get(pk=atomic)
    assert taken.done_at is None and taken.attempts == 1
    time.sleep(LEASE + 0.5)
    assert _worker_process({}).returncode == 0
    assert counts("runs") == {atomic: 1} and counts("effect") == {atomic: 1}
