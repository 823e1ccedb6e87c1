"""Running one import: read and validate in a thread, write batch by batch in this one.

The work splits in two halves that can overlap on two cores: Python reading, validating and
formatting rows (`BatchReader`, run in a background thread a couple of batches ahead), and
the database writing them (this thread, mostly waiting on PostgreSQL with the GIL released).
The reading thread never touches the database; memory holds at most three batches.

Every batch commits in one transaction together with the run's counters and
`last_committed_row`, after checking that this process still owns the run (`lease`). A crash
loses at most the batch in flight, and a resumed run skips rows up to `last_committed_row`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import queue
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from django.db import connection, transaction
from django.utils import timezone, translation

from netral.personnel import import_write, importer, lease
from netral.personnel.import_fast import FastValidator
from netral.personnel.importer import Catalog, Row, Source
from netral.personnel.models import ImportRun

DEFAULT_BATCH = importer.DEFAULT_BATCH
READ_AHEAD = 2  # batches validated ahead of the writer
PROGRESS_FIELDS = [
    "rows_total",
    "created",
    "updated",
    "unchanged",
    "error_count",
    "errors",
    "rows_done",
    "last_committed_row",
    "progress",
    "heartbeat_at",
]


@dataclass
class Batch:
    """Consecutive file rows, validated: what one transaction writes."""

    rows_read: int = 0  # file rows in the batch, valid or not
    last_row: int = 0  # file row number of the last one
    progress: float = 0.0  # fraction of the file read after this batch
    errors: list[tuple[int, str]] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)  # portable path: validated rows
    lines: list[str] = field(default_factory=list)  # PostgreSQL: the same rows as COPY text
    new_units: list[tuple[int, str]] = field(default_factory=list)  # PostgreSQL: (agency, name) by unit_ref


class BatchReader:
    """Reads `source` after row `resume_after` and yields validated `Batch`es of `size` rows."""

    def __init__(
        self,
        source: Source,
        validator: FastValidator,
        *,
        size: int,
        resume_after: int,
        copy_text: bool,
    ) -> None:
        self.source = source
        self.validator = validator
        self.catalog = validator.catalog
        self.size = size
        self.resume_after = resume_after
        self.copy_text = copy_text

    def __iter__(self) -> Iterator[Batch]:
        items: list[tuple[int, list[Any]]] = []
        read = 0
        for number, cells in self.source.rows:
            read += 1
            if number <= self.resume_after:
                continue
            items.append((number, cells))
            if len(items) >= self.size:
                yield self._batch(items, read)
                items = []
        if items:
            yield self._batch(items, read)

    def _batch(self, items: list[tuple[int, list[Any]]], read: int) -> Batch:
        batch = Batch(rows_read=len(items), last_row=items[-1][0], progress=self.source.progress(read))
        seen: dict[str, int] = {}  # identifiers of this batch → row (earlier batches: the database)
        unit_refs: dict[tuple[int, str], int] = {}
        units = self.catalog.units
        for (number, _cells), checked in zip(items, self.validator.validate(items), strict=True):
            if isinstance(checked, str):
                batch.errors.append((number, checked))
                continue
            first = seen.get(checked.identifier)
            if first is not None:
                batch.errors.append((number, importer.duplicate_reason(checked.identifier, first)))
                continue
            seen[checked.identifier] = number
            if not self.copy_text:
                batch.rows.append(checked)
                continue
            unit_id = unit_ref = None
            if checked.unit_name:
                key = (checked.agency_id, checked.unit_name.lower())
                unit_id = units.get(key)
                if unit_id is None:
                    unit_ref = unit_refs.get(key)
                    if unit_ref is None:
                        unit_ref = unit_refs[key] = len(batch.new_units)
                        batch.new_units.append((checked.agency_id, checked.unit_name))
            batch.lines.append(import_write.stage_line(checked, unit_id, unit_ref))
        return batch


_END = object()


class _Failure:
    def __init__(self, exc: BaseException) -> None:
        self.exc = exc


class ReadAhead:
    """Runs an iterator in a background thread, `depth` items ahead of the consumer.

    The thread runs with the caller's language (error messages are translated there). An
    exception in the thread is raised in the consumer at the point it happened in the
    sequence; leaving the `with` block stops the thread and waits for it.
    """

    def __init__(self, make: Callable[[], Iterator[Any]], depth: int = READ_AHEAD) -> None:
        self.make = make
        self.queue: queue.Queue[Any] = queue.Queue(maxsize=depth)
        self.stop = threading.Event()
        self.language = translation.get_language()
        self.thread = threading.Thread(target=self._run, name="registry-import-reader", daemon=True)

    def _put(self, item: Any) -> bool:
        while not self.stop.is_set():
            try:
                self.queue.put(item, timeout=0.2)
                return True
            except queue.Full:
                continue
        return False

    def _run(self) -> None:
        with translation.override(self.language):
            try:
                for item in self.make():
                    if not self._put(item):
                        return
            except BaseException as exc:  # handed to the consumer, raised there
                self._put(_Failure(exc))
                return
            self._put(_END)

    def __enter__(self) -> ReadAhead:
        self.thread.start()
        return self

    def __iter__(self) -> Iterator[Any]:
        while True:
            item = self.queue.get()
            if item is _END:
                return
            if isinstance(item, _Failure):
                raise item.exc
            yield item

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.stop.set()
        while self.thread.is_alive():
            with contextlib.suppress(queue.Empty):
                self.queue.get(timeout=0.1)  # unblock a thread waiting to put
        self.thread.join()


def _record(run: ImportRun, errors: list[tuple[int, str]]) -> None:
    run.error_count += len(errors)
    room = ImportRun.MAX_ERRORS - len(run.errors)
    if room > 0 and errors:
        run.errors = [*run.errors, *({"row": n, "reason": reason} for n, reason in errors[:room])]


def _write(run: ImportRun, batch: Batch, catalog: Catalog) -> import_write.BatchResult:
    if batch.lines or batch.new_units:
        wanted = {(a, name.lower()) for a, name in batch.new_units}
        catalog.unit_ids(wanted, {(a, name.lower()): name for a, name in batch.new_units})
        units = [catalog.units[(a, name.lower())] for a, name in batch.new_units]
        return import_write.write_staged(run, batch.lines, units)
    if batch.rows:
        wanted = {(r.agency_id, r.unit_name.lower()) for r in batch.rows if r.unit_name}
        catalog.unit_ids(wanted, {(r.agency_id, r.unit_name.lower()): r.unit_name for r in batch.rows})
        for r in batch.rows:
            r.unit_id = catalog.units.get((r.agency_id, r.unit_name.lower())) if r.unit_name else None
        return import_write.write_rows_orm(run, batch.rows)
    return import_write.BatchResult()


def process(
    run: ImportRun,
    path: Path,
    *,
    batch_size: int = DEFAULT_BATCH,
    on_progress: Callable[[ImportRun], None] | None = None,
    fail_after_batches: int | None = None,
    today: dt.date | None = None,
) -> ImportRun:
    """Import `path` into the registry for `run`, resuming after `run.last_committed_row`.

    `fail_after_batches` exists for tests that simulate a crash after N committed batches.
    """
    today = today or timezone.localdate()
    source = importer.open_source(path, run.file_format)
    try:
        mapping = importer.map_header(source.header)
        catalog = Catalog.load(None if run.agency_id is None else {run.agency_id})
        run.rows_total = source.rows_total
        reader = BatchReader(
            source,
            FastValidator(mapping, catalog, today),
            size=batch_size,
            resume_after=run.last_committed_row,
            copy_text=connection.vendor == "postgresql",
        )
        committed = 0
        with ReadAhead(lambda: iter(reader)) as batches:
            for batch in batches:
                with transaction.atomic():
                    lease.hold(run)
                    result = _write(run, batch, catalog)
                    run.created += result.created
                    run.updated += result.updated
                    run.unchanged += result.unchanged
                    duplicates = [(n, importer.duplicate_reason(i, first)) for n, i, first in result.duplicates]
                    _record(run, sorted(batch.errors + duplicates))
                    run.rows_done += batch.rows_read
                    run.last_committed_row = batch.last_row
                    run.progress = batch.progress
                    run.heartbeat_at = timezone.now()
                    run.save(update_fields=PROGRESS_FIELDS)  # never `owner` or `status`: see lease.hold
                committed += 1
                if on_progress is not None:
                    on_progress(run)
                if fail_after_batches is not None and committed >= fail_after_batches:
                    raise RuntimeError("simulated crash after a committed batch")
    finally:
        source.close()
    run.progress = 1.0
    return run
