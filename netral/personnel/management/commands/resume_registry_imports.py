"""manage.py resume_registry_imports: continue imports whose worker died (run it every minute from a timer)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from netral.core.context import acting
from netral.personnel.services import resume_dead_imports


class Command(BaseCommand):
    help = "Lanjutkan impor registri yang pekerjanya mati di tengah jalan, dan bangun ulang indeks yang tertinggal."

    def handle(self, *args: Any, **opts: Any) -> None:
        with acting(None):
            queued = resume_dead_imports()
        for run in queued:
            self.stdout.write(f"Impor #{run.pk} dilanjutkan dari baris {run.last_committed_row + 1}.")
