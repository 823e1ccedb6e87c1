"""Background work of the chat channels, on the ``notifications`` queue (latency matters)."""

from __future__ import annotations

from django_tasks import task

from netral.chat import outbox, services


@task(queue_name="notifications")
def process_chat(peer_id: int) -> int:
    """Handle a chat's pending messages in order (a second run finds nothing pending: idempotent)."""
    return services.process(peer_id)


@task(queue_name="notifications")
def send_outbox(peer_id: int) -> int:
    """Send a chat's queued replies in order (each claimed once: never sent twice)."""
    return outbox.flush(peer_id)
