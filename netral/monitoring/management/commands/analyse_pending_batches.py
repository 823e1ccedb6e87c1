"""Re-queue (or run here, with --now) every monitoring batch that still has pending items."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from netral.monitoring import services
from netral.monitoring.choices import ItemStatus
from netral.monitoring.models import Batch


class Command(BaseCommand):
    help = "Antrekan ulang kiriman pemantauan yang masih memiliki butir menunggu (atau analisis langsung: --now)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true", help="analisis di proses ini, tanpa antrean")

    def handle(self, *args: Any, **opts: Any) -> None:
        pending = Batch.objects.filter(items__status=ItemStatus.PENDING)
        ids = list(pending.values_list("pk", flat=True).distinct().order_by("pk"))
        for pk in ids:
            if opts["now"]:
                batch = services.run_analysis(pk)
                self.stdout.write(f"kiriman #{pk}: {batch.analysed} teranalisis, {batch.errors} galat")
            else:
                ok = services.enqueue_analysis(Batch.objects.get(pk=pk))
                self.stdout.write(f"kiriman #{pk}: {'diantrekan' if ok else 'GAGAL diantrekan'}")
        if not ids:
            self.stdout.write("tidak ada kiriman yang menunggu")
