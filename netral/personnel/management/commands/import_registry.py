"""manage.py import_registry FILE --agency CODE [--restart]: load a SIASN-shaped CSV/XLSX export."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from netral.agencies.models import Agency
from netral.core.context import acting
from netral.personnel import importer
from netral.personnel.models import ImportRun
from netral.personnel.services import ImportFailed, execute_import, prepare_import


class Progress:
    """A carriage-return progress line on a terminal (one line per batch otherwise): rows/s, %, ETA."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.start = time.monotonic()
        self.tty = hasattr(stream, "isatty") and stream.isatty()

    def __call__(self, run: ImportRun) -> None:
        elapsed = max(time.monotonic() - self.start, 1e-6)
        rate = run.rows_done / elapsed
        fraction = max(min(run.progress, 1.0), 0.0)
        eta = (elapsed / fraction - elapsed) if fraction > 0 else 0.0
        width = 30
        bar = "#" * int(fraction * width) + "-" * (width - int(fraction * width))
        line = (
            f"[{bar}] {fraction * 100:5.1f}%  {run.rows_done:,} baris  {rate:,.0f} baris/dtk  "
            f"ETA {int(eta // 60):d}:{int(eta % 60):02d}  baru {run.created:,} ubah {run.updated:,} "
            f"tetap {run.unchanged:,} galat {run.error_count:,}"
        )
        self.stream.write(("\r" if self.tty else "") + line + ("" if self.tty else "\n"))
        self.stream.flush()


class Command(BaseCommand):
    help = "Impor registri ASN (CSV/XLSX ekspor SIASN) untuk satu instansi, dengan lanjutan otomatis."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--agency", help="kode instansi; tanpa --agency = impor nasional (semua instansi)")
        parser.add_argument("--restart", action="store_true", help="mulai dari awal, abaikan impor yang terhenti")
        parser.add_argument("--batch-size", type=int, default=importer.DEFAULT_BATCH)
        parser.add_argument("--quiet-progress", action="store_true", help="tanpa baris kemajuan")
        bulk = parser.add_mutually_exclusive_group()
        bulk.add_argument(
            "--bulk",
            dest="bulk",
            action="store_true",
            default=None,
            help="mode muat besar (PostgreSQL): indeks dibangun ulang di akhir; bawaan: otomatis",
        )
        bulk.add_argument("--no-bulk", dest="bulk", action="store_false", help="tanpa mode muat besar")
        parser.add_argument(
            "--retry-seconds",
            type=float,
            default=None,
            help="berapa lama menunggu basis data yang dimulai ulang sebelum menyerah (bawaan 120)",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        path: Path = opts["file"].resolve()
        if not path.is_file():
            raise CommandError(f"Berkas tidak ditemukan: {path}")
        agency = None
        if opts["agency"]:
            try:
                agency = Agency.objects.get(code=opts["agency"])
            except Agency.DoesNotExist as exc:
                raise CommandError(f"Instansi dengan kode {opts['agency']!r} tidak ada.") from exc
        with acting(None):
            try:
                run = prepare_import(None, path, agency=agency, restart=opts["restart"])
            except importer.FileError as exc:
                raise CommandError(str(exc)) from exc
            if run.last_committed_row:
                self.stdout.write(f"Melanjutkan impor #{run.pk} setelah baris {run.last_committed_row}.")
            progress = None if opts["quiet_progress"] else Progress(sys.stderr)
            try:
                run = execute_import(
                    run,
                    batch_size=opts["batch_size"],
                    on_progress=progress,
                    retry_for=opts["retry_seconds"],
                    bulk=opts["bulk"],
                )
            except (ImportFailed, importer.FileError) as exc:
                # One line, no traceback: the run keeps the same reason and can be resumed at once.
                raise CommandError(str(exc)) from None
            finally:
                if progress is not None and progress.tty:
                    sys.stderr.write("\n")
        if run.file_error:
            raise CommandError(run.file_error)
        self.stdout.write(
            f"Impor #{run.pk} {run.get_status_display()}: {run.rows_done} baris, baru {run.created}, "
            f"diperbarui {run.updated}, tidak berubah {run.unchanged}, galat {run.error_count}."
        )
        for item in run.errors[:20]:
            self.stdout.write(f"  baris {item['row']}: {item['reason']}")
        if run.error_count > 20:
            self.stdout.write(f"  … dan {run.error_count - 20} galat lain (lihat halaman impor).")
