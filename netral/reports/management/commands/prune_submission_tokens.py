"""Forget idempotency tokens older than the replay window (``SUBMISSION_REPLAY_HOURS``, default 24).

The token rows keep an encrypted copy of the receipt code so a retry can be answered; past the
window no client retries, and the copy should not outlive its purpose.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from netral.reports import idempotency


class Command(BaseCommand):
    help = "Delete public-submission idempotency tokens older than SUBMISSION_REPLAY_HOURS."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"removed {idempotency.prune()} token(s)")
