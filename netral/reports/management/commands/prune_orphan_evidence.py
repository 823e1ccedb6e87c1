"""Remove evidence blobs that no Evidence row references (left by an outer rollback).

Files are content-addressed (named by SHA-256), so a file is an orphan when no Evidence row
has its hash. Files younger than ``--min-age`` minutes are kept, so a submission that is still
in its transaction is never raced.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from netral.reports import evidence as ev
from netral.reports.models import Evidence


class Command(BaseCommand):
    help = "Delete private evidence files (originals and display copies) that no evidence row references."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--min-age", type=int, default=60, help="keep files younger than this many minutes")
        parser.add_argument("--dry-run", action="store_true", help="only list what would be deleted")

    def handle(self, *args: Any, **options: Any) -> None:
        root = ev.root()
        cutoff = time.time() - options["min_age"] * 60
        candidates: list[tuple[Path, str]] = []
        for sub in ("evidence", "display"):
            base = root / sub
            if not base.exists():
                continue
            candidates.extend(
                (path, path.name.split(".")[0])
                for path in base.rglob("*")
                if path.is_file() and not path.name.startswith(".part-") and path.stat().st_mtime < cutoff
            )
        known = set(Evidence.objects.filter(sha256__in={h for _, h in candidates}).values_list("sha256", flat=True))
        removed = 0
        for path, digest in candidates:
            if digest in known:
                continue
            removed += 1
            if options["dry_run"]:
                self.stdout.write(str(path.relative_to(root)))
            else:
                path.unlink(missing_ok=True)
        verb = "would remove" if options["dry_run"] else "removed"
        self.stdout.write(f"{verb} {removed} orphan file(s) of {len(candidates)} checked")
