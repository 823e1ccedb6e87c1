"""What the api app does with case events (subscribed in ``netral/events.py``): webhook deliveries."""

from __future__ import annotations

from netral.api import webhooks
from netral.cases.models import CaseTransition
from netral.core.models import OutboxMessage


def deliver(message: OutboxMessage) -> int:
    """Record one delivery per interested endpoint (idempotent: one per endpoint and event id) and
    make each first attempt; later retries come from ``manage.py deliver_webhooks``."""
    transition = CaseTransition.objects.select_related("case").filter(pk=message.payload["transition"]).first()
    if transition is None:
        return 0
    ids = webhooks.record_deliveries(transition)
    for delivery_id in ids:
        webhooks.attempt(delivery_id)
    return len(ids)
