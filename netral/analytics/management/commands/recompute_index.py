"""Recompute the vulnerability index now (also what the background task runs)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from netral.analytics import vulnerability
from netral.analytics.models import IndexState


class Command(BaseCommand):
    help = "Recompute the vulnerability index of every province and regency/city"

    def handle(self, *args: Any, **opts: Any) -> None:
        rows = vulnerability.recompute()
        state = IndexState.objects.get(pk=1)
        self.stdout.write(
            f"regions={rows} duration_ms={state.duration_ms} computed_at={state.computed_at:%Y-%m-%d %H:%M:%S}"
        )
