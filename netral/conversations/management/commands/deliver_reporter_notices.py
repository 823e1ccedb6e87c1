"""Deliver reporter notices that are due: never sent, retried after a failure, or left by a dead worker.

Run by the workers every minute (``NETRAL_PERIODIC_JOBS``); each notice is claimed with a
conditional UPDATE, so this command and the tasks enqueued after commit never send one twice at once.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.core.management.base import BaseCommand

from netral.conversations import notify


class Command(BaseCommand):
    help = "Send reporter notices (mail, chat) that are due."

    def handle(self, *args: Any, **options: Any) -> None:
        outcome: Counter[str] = Counter()
        for notice_id in notify.due_ids():
            outcome[notify.deliver(notice_id) or "taken"] += 1
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in sorted(outcome.items())) or "nothing due")
