"""Export reviewers' verdicts as training data for ``python -m netral_nlp train --extra FILE``."""

from __future__ import annotations

import datetime
import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from netral.accounts.choices import Role
from netral.monitoring.models import Feedback
from netral.monitoring.selectors import training_records


class Command(BaseCommand):
    help = "Tulis umpan balik peninjau sebagai JSONL berskema shared/eval/dev.jsonl (untuk pelatihan ulang)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", help="berkas keluaran .jsonl, atau - untuk stdout")
        parser.add_argument("--since", help="hanya umpan balik sejak tanggal ini (YYYY-MM-DD)")
        parser.add_argument("--supervisors-only", action="store_true", help="hanya putusan pengawas (bukan analis)")

    def handle(self, *args: Any, **opts: Any) -> None:
        qs = Feedback.objects.all()
        if opts["since"]:
            try:
                since = datetime.date.fromisoformat(opts["since"])
            except ValueError as exc:
                raise CommandError(f"--since: tanggal tidak sah: {opts['since']}") from exc
            qs = qs.filter(created_at__date__gte=since)
        roles: set[str] | None = {Role.SUPERVISOR, Role.ADMIN} if opts["supervisors_only"] else None
        out = opts["out"]
        fh = sys.stdout if out == "-" else Path(out).open("w", encoding="utf-8")  # noqa: SIM115
        n = 0
        try:
            for rec in training_records(qs, roles=roles):
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
                n += 1
        finally:
            if fh is not sys.stdout:
                fh.close()
        self.stderr.write(f"{n} contoh ditulis ke {out}")
