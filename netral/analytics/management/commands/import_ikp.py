"""Import Bawaslu IKP dimension scores (0–100) per region from a CSV file (all rows or none)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from netral.analytics import services


class Command(BaseCommand):
    help = (
        "Import IKP scores. CSV columns: region_code, social_political, administration, contestation, "
        "participation[, total]"
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("csv_path")
        parser.add_argument("--edition", required=True, help="e.g. ikp2024")
        parser.add_argument("--source", default="", help="citation of the scores")
        parser.add_argument("--demo", action="store_true", help="mark the scores as fictional demo data")
        parser.add_argument("--recompute", action="store_true", help="recompute the index afterwards")

    def handle(self, *args: Any, **opts: Any) -> None:
        text = Path(opts["csv_path"]).read_text(encoding="utf-8")
        try:
            n = services.import_ikp(text, opts["edition"], source=opts["source"], demo=opts["demo"])
        except services.IKPImportError as exc:
            raise CommandError("\n".join(exc.errors)) from exc
        self.stdout.write(f"imported={n} edition={opts['edition']}")
        if opts["recompute"]:
            from netral.analytics import vulnerability

            self.stdout.write(f"regions={vulnerability.recompute()}")
