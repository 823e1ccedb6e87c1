"""Catch up the chat channels: handle inbound messages left pending, send queued replies that are due.

Run by the workers every minute (``NETRAL_PERIODIC_JOBS``). Tasks enqueued after each webhook do
this at once; this command covers a queue that was down and retries after transient failures.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from netral.chat import outbox, services


class Command(BaseCommand):
    help = "Handle pending chat messages and send due chat replies."

    def handle(self, *args: Any, **options: Any) -> None:
        handled = sum(services.process(peer_id) for peer_id in services.pending_peers())
        sent = sum(outbox.flush(peer_id) for peer_id in outbox.due_peers())
        self.stdout.write(f"handled {handled} message(s), sent {sent} reply(ies)")
