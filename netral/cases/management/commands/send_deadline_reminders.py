"""manage.py send_deadline_reminders: mail reminders before legal deadlines and escalations after.

Idempotent; run it from cron or a systemd timer every 15–60 minutes (docs/cases.md).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from netral.cases.reminders import send_deadline_reminders
from netral.core.context import acting


class Command(BaseCommand):
    help = "Send deadline reminders and escalations for cases (each only once)."

    def handle(self, *args: Any, **options: Any) -> None:
        with acting(None):
            out = send_deadline_reminders()
        self.stdout.write(
            f"reminders: {out.reminders}, escalations: {out.escalations}, mails: {out.mails}, "
            f"without recipient: {out.skipped}"
        )
