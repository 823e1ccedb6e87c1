"""manage.py load_sanctions [--path FILE]: upsert the sanction catalogue (idempotent)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from netral.cases.catalogue import load_sanctions


class Command(BaseCommand):
    help = "Load violation types, sanction tracks/levels and their mapping from reference/sanctions.json."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--path", type=Path, default=None, help="another catalogue file")

    def handle(self, *args: Any, **options: Any) -> None:
        counts = load_sanctions(options["path"])
        self.stdout.write(
            f"sanctions: {counts['tracks']} tracks, {counts['levels']} levels, {counts['types']} violation types"
        )
