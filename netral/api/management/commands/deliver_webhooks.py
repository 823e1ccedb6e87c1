"""Send due webhook retries (and first attempts whose task never ran). Run from cron every minute."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from netral.api import webhooks
from netral.core import context


class Command(BaseCommand):
    help = "Kirim ulang pengiriman webhook yang sudah jatuh tempo (backoff eksponensial)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--limit", type=int, default=200, help="paling banyak sekian pengiriman per putaran")
        parser.add_argument("--loop", action="store_true", help="terus berjalan, memeriksa setiap --interval detik")
        parser.add_argument("--interval", type=float, default=30.0)

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            with context.acting(None):
                sent = self.run_once(options["limit"])
            if not options["loop"]:
                break
            if sent == 0:
                time.sleep(options["interval"])

    def run_once(self, limit: int) -> int:
        counts = {"delivered": 0, "pending": 0, "failed": 0}
        ids = webhooks.due_ids(limit)
        for delivery_id in ids:
            delivery = webhooks.attempt(delivery_id)
            if delivery is not None:
                counts[delivery.status] += 1
        self.stdout.write(
            f"due={len(ids)} delivered={counts['delivered']} retry={counts['pending']} failed={counts['failed']}"
        )
        return len(ids)
