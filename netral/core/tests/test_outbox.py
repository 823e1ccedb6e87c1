"""The one event path: ``emit`` writes the outbox in the caller's transaction; workers claim with a
lease, run idempotent handlers, retry with backoff, and take over from a killed worker."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone

from netral.core import events, outbox
from netral.core.events import Event, emit
from netral.core.models import OutboxMessage, Sequence

pytestmark = pytest.mark.django_db


@pytest.fixture
def test_routes(settings: Any) -> Iterator[None]:
    settings.NETRAL_EVENT_ROUTES = "netral.core.tests.outbox_routes.ROUTES"
    settings.NETRAL_OUTBOX_EAGER = False
    events.routes.cache_clear()
    yield
    events.routes.cache_clear()


def runs(message_id: int) -> int:
    row = Sequence.objects.filter(name="runs", period=str(message_id)).first()
    return row.value if row else 0


def effects(message_id: int) -> int:
    return Sequence.objects.filter(name="effect", period=str(message_id)).count()


def test_emit_writes_one_message_per_subscribed_handler_in_the_same_transaction(test_routes: None) -> None:
    with transaction.atomic():
        ids = emit(Event("t.atomic", {"n": 1}))
    assert sorted(OutboxMessage.objects.filter(pk__in=ids).values_list("handler", flat=True)) == ["atomic", "record"]
    with pytest.raises(RuntimeError), transaction.atomic():
        emit(Event("t.atomic", {"n": 2}))
        raise RuntimeError("the change fails")
    assert not OutboxMessage.objects.filter(payload__n=2).exists()


@pytest.mark.django_db(transaction=True)
def test_emit_refuses_to_run_outside_a_transaction(test_routes: None) -> None:
    with pytest.raises(RuntimeError, match="inside the transaction"):
        emit(Event("t.x"))


@pytest.mark.django_db(transaction=True)
def test_messages_of_one_transaction_coalesce_and_other_transactions_do_not(test_routes: None) -> None:
    with transaction.atomic():
        for i in range(5):
            emit(Event("t.bulk", {"i": i}))
    assert OutboxMessage.objects.filter(handler="coalesced").count() == 1
    with pytest.raises(RuntimeError), transaction.atomic():
        emit(Event("t.bulk", {"i": 8}))
        raise RuntimeError("rolled back: its token goes with it")
    with transaction.atomic():
        emit(Event("t.bulk", {"i": 9}))
        with transaction.atomic():
            emit(Event("t.bulk", {"i": 10}))  # a savepoint of the same transaction
    assert list(OutboxMessage.objects.filter(handler="coalesced").values_list("payload__i", flat=True)) == [0, 9]


def test_a_worker_runs_each_message_once_and_marks_it_done(test_routes: None) -> None:
    with transaction.atomic():
        ids = emit(Event("t.x"))
    assert outbox.drain(["q1"]) == 1
    assert outbox.drain(["q1"]) == 0
    message = OutboxMessage.objects.get(pk=ids[0])
    assert message.done_at is not None and message.attempts == 1 and runs(message.pk) == 1


def test_queues_are_served_apart(test_routes: None) -> None:
    with transaction.atomic():
        emit(Event("t.atomic"))
    assert outbox.drain(["q2"]) == 1
    assert OutboxMessage.objects.get(handler="record").done_at is None


def test_a_failing_handler_is_retried_with_backoff_then_given_up(test_routes: None) -> None:
    with transaction.atomic():
        (message_id,) = emit(Event("t.fail"))
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        for attempt in (1, 2, 3):
            assert outbox.drain(["q4"]) == 1
            message = OutboxMessage.objects.get(pk=message_id)
            assert message.attempts == attempt and "endpoint is down" in message.last_error
            assert outbox.drain(["q4"]) == 0  # not due before its backoff
            clock.shift(outbox.backoff(attempt) + datetime.timedelta(seconds=1))
        assert message.failed and message.done_at is None
        assert outbox.drain(["q4"]) == 0 and runs(message_id) == 3


def test_a_claim_runs_out_and_another_worker_takes_the_message_over(test_routes: None) -> None:
    with transaction.atomic():
        (message_id,) = emit(Event("t.atomic"))[-1:]
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        (claimed,) = outbox.claim("dead-worker", queues=["q2"], lease=datetime.timedelta(seconds=60))
        assert claimed.pk == message_id
        assert outbox.claim("other", queues=["q2"]) == []  # still leased
        clock.shift(datetime.timedelta(seconds=61))
        assert outbox.drain(["q2"], worker="other") == 1
        outbox._done(claimed, "dead-worker")  # the late worker's mark changes nothing
    message = OutboxMessage.objects.get(pk=message_id)
    assert message.done_at is not None and message.claimed_by == "other" and message.attempts == 2
    assert effects(message_id) == 1


def test_eager_mode_handles_the_messages_right_after_the_commit(
    test_routes: None, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.NETRAL_OUTBOX_EAGER = True
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        (message_id,) = emit(Event("t.x"))
    assert OutboxMessage.objects.get(pk=message_id).done_at is not None and effects(message_id) == 1


def test_no_domain_model_has_a_post_save_receiver() -> None:
    """Domain behaviour goes through ``emit``; the one receiver allowed forgets a process-local cache
    of reference data (the public form's rendered choices), which no other process and no outbox
    consumer could do for this process."""
    from netral.reports.forms import forget_choices

    domain = [m for m in apps.get_models() if m.__module__.startswith("netral.")]
    assert domain
    hooked = {
        m.__name__: [r for r in post_save._live_receivers(m)[0] if r is not forget_choices]
        for m in domain
        if post_save.has_listeners(m)
    }
    assert {name: receivers for name, receivers in hooked.items() if receivers} == {}
