"""Background tasks of the api app (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from netral.api import webhooks


@task(queue_name="notifications")
def deliver_webhook(delivery_id: int) -> str:
    """First attempt of one delivery; later retries come from ``manage.py deliver_webhooks``."""
    delivery = webhooks.attempt(delivery_id)
    return delivery.status if delivery is not None else "skipped"
