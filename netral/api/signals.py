"""Signal handlers: every new case transition becomes webhook deliveries (outbox pattern)."""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from django.db import transaction

from netral.api import webhooks

logger = logging.getLogger(__name__)


def enqueue_first_attempts(ids: list[int]) -> None:
    from netral.api.tasks import deliver_webhook

    for delivery_id in ids:
        try:
            deliver_webhook.enqueue(delivery_id)
        except Exception:  # a broken queue must not fail the request; the command retries
            logger.exception("could not enqueue webhook delivery %s", delivery_id)


def case_transition_saved(sender: Any, instance: Any, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if not created or raw:
        return
    try:
        # A savepoint: a fault on the webhook side must never undo the legal timeline entry.
        with transaction.atomic():
            ids = webhooks.record_deliveries(instance)
    except Exception:
        logger.exception("could not record webhook deliveries for case transition %s", instance.pk)
        return
    if ids:
        transaction.on_commit(partial(enqueue_first_attempts, ids))
