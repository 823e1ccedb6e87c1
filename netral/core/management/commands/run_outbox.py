"""The outbox worker: hand each event to its handlers (``core.outbox``).

manage.py run_outbox                      # every queue, until stopped
manage.py run_outbox --queue notifications --queue webhooks
manage.py run_outbox --once               # what is due now, then exit (cron, tests)
manage.py run_outbox --failed             # list the messages that gave up
manage.py run_outbox --retry-failed       # put them back in their queues
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from netral.core import outbox
from netral.core.models import OutboxMessage


class Command(BaseCommand):
    help = "Consume the event outbox: notifications, webhooks, index invalidation (one worker per queue or all)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--queue", action="append", default=[], help="a queue to serve (repeatable; default all)")
        parser.add_argument("--once", action="store_true", help="process what is due, then exit")
        parser.add_argument("--batch", type=int, default=20, help="messages claimed at a time")
        parser.add_argument("--idle", type=float, default=1.0, help="seconds to sleep when nothing is due")
        parser.add_argument(
            "--lease", type=float, default=300, help="seconds a claim lasts before another worker may take it over"
        )
        parser.add_argument("--failed", action="store_true", help="list failed messages and exit")
        parser.add_argument("--retry-failed", action="store_true", help="requeue failed messages and exit")

    def handle(self, *args: Any, **opts: Any) -> None:
        queues = [q for q in opts["queue"] if q != "all"]
        lease = datetime.timedelta(seconds=opts["lease"])
        failed = OutboxMessage.objects.filter(failed=True, done_at__isnull=True)
        if queues:
            failed = failed.filter(queue__in=queues)
        if opts["failed"]:
            for m in failed:
                self.stdout.write(f"{m.pk}\t{m.queue}\t{m.topic}\t{m.handler}\t{m.attempts}\t{m.last_error[:200]}")
            return
        if opts["retry_failed"]:
            n = failed.update(failed=False, attempts=0, available_at=timezone.now(), claimed_until=None)
            self.stdout.write(f"{n} message(s) requeued")
            return
        if opts["once"]:
            n = outbox.drain(queues, limit=opts["batch"], lease=lease)
            self.stdout.write(f"{n} message(s) processed")
            return
        outbox.serve(queues, idle=opts["idle"], limit=opts["batch"], lease=lease)
