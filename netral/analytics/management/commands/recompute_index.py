"""Recompute the vulnerability index now (also what the background task runs)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from netral.analytics import rollup, vulnerability
from netral.analytics.models import IndexState


class Command(BaseCommand):
    help = "Recompute the vulnerability index of every province and regency/city, and the dashboard rollup"

    def handle(self, *args: Any, **opts: Any) -> None:
        rows = vulnerability.recompute()
        cells = rollup.refresh()
        state = IndexState.objects.get(pk=1)
        self.stdout.write(
            f"regions={rows} rollup_rows={cells} duration_ms={state.duration_ms} "
            f"computed_at={state.computed_at:%Y-%m-%d %H:%M:%S}"
        )
