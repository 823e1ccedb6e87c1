"""E-mail calendar reminders (no circular, low pledge coverage) to agencies' PPK officers.

Idempotent: run it daily from cron or a systemd timer; a reminder is sent once per agency,
election and kind.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from netral.core.context import acting
from netral.prevention.reminders import send_reminders
from netral.prevention.services import current_election
from netral.regions.models import Election


class Command(BaseCommand):
    help = "Kirim pengingat pencegahan (surat edaran, cakupan ikrar) kepada petugas PPK."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--date", help="Tanggal acuan YYYY-MM-DD (bawaan: hari ini).")
        parser.add_argument("--election", help="Kode pemilihan, mis. pilkada2024 (bawaan: yang sedang berjalan).")
        parser.add_argument("--dry-run", action="store_true", help="Tampilkan saja, jangan kirim.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            day = datetime.date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        except ValueError as exc:
            raise CommandError("--date harus berformat YYYY-MM-DD") from exc
        if options["election"]:
            election = Election.objects.filter(code=options["election"]).first()
            if election is None:
                raise CommandError(f"Pemilihan {options['election']} tidak ditemukan")
        else:
            election = current_election(day)
            if election is None:
                raise CommandError("Tidak ada pemilihan dalam data referensi")
        with acting(None):
            sent = send_reminders(election, day, dry_run=options["dry_run"])
        for reminder in sent:
            self.stdout.write(f"{reminder.kind}\t{reminder.agency.code}\t{reminder.message}")
        verb = "akan dikirim" if options["dry_run"] else "terkirim"
        self.stdout.write(self.style.SUCCESS(f"{len(sent)} pengingat {verb} ({election.code}, {day.isoformat()})"))
