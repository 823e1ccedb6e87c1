"""Writes to the ASN registry: starting, resuming and running imports; (de)activating one ASN.

Who may import what is decided here, once: a PPK officer imports for their own agency only,
an admin for any agency (or nationally, with no agency). Rows naming another agency become
per-row errors in the importer.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from netral.accounts.choices import Role
from netral.agencies.models import Agency
from netral.core.audit import log_change, snapshot
from netral.core.models import ObjectChange
from netral.core.scoping import can, get_scoped_or_404
from netral.personnel import bulk_load, import_run, importer, lease
from netral.personnel.choices import ImportStatus
from netral.personnel.models import ASN, ImportRun

if TYPE_CHECKING:
    from netral.core.types import User

RESUMABLE = (ImportStatus.FAILED, ImportStatus.RUNNING, ImportStatus.PENDING)
DEFAULT_BATCH = import_run.DEFAULT_BATCH
DEFAULT_RETRY_SECONDS = 120.0  # how long an import waits for a restarting database
MAX_INTERRUPTIONS = 20  # reconnect-and-continue at most this often per execution

logger = logging.getLogger("netral.personnel.import")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def import_agency_for(user: User | None, agency: Agency | None) -> Agency | None:
    """The agency an import by `user` is bound to; PermissionDenied when the user may not import.

    `user` None means the command line (an operator with shell access): any agency or national.
    """
    if user is None:
        return agency
    role = getattr(user, "role", "")
    if user.is_superuser or role == Role.ADMIN:
        return agency
    if role == Role.PPK and user.agency_id is not None:
        if agency is not None and agency.pk != user.agency_id:
            raise PermissionDenied(_("Petugas PPK hanya dapat mengimpor data instansinya sendiri."))
        return user.agency  # type: ignore[no-any-return]
    raise PermissionDenied(_("Hanya petugas PPK dan admin yang dapat mengimpor registri ASN."))


def imports_dir() -> Path:
    root = Path(getattr(settings, "PRIVATE_STORAGE_ROOT", settings.BASE_DIR / "var" / "private"))
    path = root / "registry-imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def store_upload(upload: Any) -> tuple[Path, str]:
    """Copy an uploaded file to private storage (never under MEDIA_ROOT); returns (path, format)."""
    fmt = importer.detect_format(upload.name)
    if not fmt:
        raise importer.FileError(_("Format berkas tidak dikenal: unggah CSV atau XLSX."))
    target = imports_dir() / f"{uuid.uuid4().hex}.{fmt}"
    with target.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return target, fmt


def prepare_import(
    user: User | None,
    path: Path,
    *,
    file_name: str | None = None,
    agency: Agency | None = None,
    restart: bool = False,
    keep_file: bool = True,
) -> ImportRun:
    """Check the file's header and return the run that will import it.

    A failed or interrupted run of the same file (same sha256, same agency) is resumed unless
    `restart`; a file-level error raises `importer.FileError` before anything is recorded.
    """
    agency = import_agency_for(user, agency)
    fmt = importer.detect_format(file_name or path.name) or importer.detect_format(path.name)
    importer.read_header(path, fmt)  # FileError → nothing recorded, nothing written
    sha = file_sha256(path)
    with transaction.atomic():
        previous = (
            ImportRun.objects.select_for_update()
            .filter(file_sha256=sha, agency=agency, status__in=RESUMABLE)
            .order_by("-created_at")
            .first()
        )
        if previous is not None and lease.is_alive(previous):
            raise lease.ImportBusy(_("Berkas yang sama sedang diimpor; tunggu sampai selesai."))
        if previous is not None and not restart:
            before = snapshot(previous)
            previous.status = ImportStatus.PENDING
            previous.file_error = ""
            if keep_file and previous.file_path != str(path):
                previous.file_path = str(path)
            previous.save(update_fields=["status", "file_error", "file_path"])
            log_change(previous, ObjectChange.Action.UPDATE, before, user=user)
            return previous
        if previous is not None and restart:
            before = snapshot(previous)
            previous.status = ImportStatus.FAILED
            previous.file_error = _("Digantikan oleh impor ulang dari awal.")
            previous.file_path = ""  # abandoned: never offered for resuming again
            previous.save(update_fields=["status", "file_error", "file_path"])
            importer.forget_seen(previous)
            log_change(previous, ObjectChange.Action.UPDATE, before, user=user)
            if previous.bulk_restore:
                bulk_load.restore(previous)
        run = ImportRun.objects.create(
            agency=agency,
            user=user,
            file_name=(file_name or path.name)[:255],
            file_path=str(path),
            file_sha256=sha,
            file_format=fmt,
        )
        log_change(run, ObjectChange.Action.CREATE, user=user)
    return run


class ImportFailed(RuntimeError):
    """An import stopped; its one-line reason is the message and is saved on the run."""


def _is_connection_error(exc: BaseException) -> bool:
    """Errors after which the database may answer again (restart, failover, lost connection)."""
    kinds: tuple[type[BaseException], ...] = (OperationalError, InterfaceError)
    try:
        import psycopg

        kinds += (psycopg.OperationalError, psycopg.InterfaceError)  # raised raw by COPY
    except ImportError:  # pragma: no cover (SQLite-only installs)
        pass
    return isinstance(exc, kinds)


def _first_line(exc: BaseException) -> str:
    text = next((line.strip() for line in str(exc).splitlines() if line.strip()), "")
    return text[:240]


def failure_reason(run: ImportRun, exc: BaseException) -> str:
    """One readable line: what stopped the import, what is saved, where a re-run continues."""
    if _is_connection_error(exc):
        cause = _("koneksi ke basis data terputus (%(detail)s)") % {"detail": _first_line(exc) or type(exc).__name__}
    elif isinstance(exc, KeyboardInterrupt):
        cause = _("dihentikan oleh operator")
    else:
        detail = _first_line(exc)
        cause = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
    return _(
        "Impor terhenti: %(cause)s. Baris sampai %(row)d sudah tersimpan; "
        "jalankan lagi untuk melanjutkan dari baris %(next)d."
    ) % {"cause": cause, "row": run.last_committed_row, "next": run.last_committed_row + 1}


def _drop_broken_connection() -> None:
    """Forget a connection the error left broken; the next query opens a new one."""
    if connection.in_atomic_block:
        return  # inside a caller's transaction (tests): nothing to reopen here
    try:
        connection.close()
    except DatabaseError:  # pragma: no cover (closing a dead socket)
        connection.connection = None


def _wait_for_database(seconds: float) -> bool:
    """Reconnect, retrying with backoff for up to `seconds`; whether the database answers."""
    deadline = time.monotonic() + seconds
    delay = 0.25
    while True:
        _drop_broken_connection()
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            return True
        except DatabaseError:
            if time.monotonic() + delay > deadline:
                return False
            time.sleep(delay)
            delay = min(delay * 2, 5.0)


def _record_failure(run: ImportRun, tag: str, reason: str, before: dict[str, Any]) -> None:
    """Mark the run failed with `reason`, best effort: the database may still be away."""
    for attempt in range(3):
        try:
            _drop_broken_connection()
            with transaction.atomic():
                if ImportRun.objects.filter(pk=run.pk, owner=tag).update(status=ImportStatus.FAILED, file_error=reason):
                    run.refresh_from_db()
                    log_change(run, ObjectChange.Action.UPDATE, before)
            return
        except DatabaseError:
            if attempt < 2:
                time.sleep(1.0)
    # The database is away: the run stays "running" under this process, which is about to end,
    # so the run is seen as dead (lease.is_dead) and can be resumed as soon as it is back.
    logger.error("registry import %s: could not record the failure: %s", run.pk, reason)


def retry_seconds() -> float:
    return float(getattr(settings, "REGISTRY_IMPORT_RETRY_SECONDS", DEFAULT_RETRY_SECONDS))


def execute_import(
    run: ImportRun,
    *,
    batch_size: int = DEFAULT_BATCH,
    on_progress: Callable[[ImportRun], None] | None = None,
    fail_after_batches: int | None = None,
    retry_for: float | None = None,
    bulk: bool | None = None,
) -> ImportRun:
    """Run (or continue) `run` to the end; each batch commits on its own (see import_run.process).

    When the database goes away mid-import (a restart, a failover), the import waits up to
    `retry_for` seconds (default `REGISTRY_IMPORT_RETRY_SECONDS`) for it, reconnects and
    continues after the last committed batch. Any other failure, or a database that stays
    away, marks the run failed with a one-line reason and raises `ImportFailed` with it;
    the run can be resumed at once. `ImportBusy` when another live process holds the run.
    `bulk` forces bulk mode on or off (PostgreSQL; default: `bulk_load.worth_it`).
    """
    tag = lease.begin_execution()
    try:
        return _execute(run, tag, batch_size, on_progress, fail_after_batches, retry_for, bulk)
    finally:
        lease.end_execution(tag)


def _execute(
    run: ImportRun,
    tag: str,
    batch_size: int,
    on_progress: Callable[[ImportRun], None] | None,
    fail_after_batches: int | None,
    retry_for: float | None,
    bulk: bool | None,
) -> ImportRun:
    lease.claim(run, tag)
    before = snapshot(run)
    wait = retry_seconds() if retry_for is None else retry_for
    if connection.vendor == "postgresql":
        _enter_bulk_mode(run, bulk)
    interruptions = 0
    while True:
        try:
            import_run.process(
                run,
                Path(run.file_path),
                batch_size=batch_size,
                on_progress=on_progress,
                fail_after_batches=fail_after_batches,
            )
            break
        except importer.FileError as exc:
            run.refresh_from_db()
            run.status = ImportStatus.FILE_ERROR if run.last_committed_row == 0 else ImportStatus.FAILED
            run.file_error = str(exc)
            run.finished_at = timezone.now()
            run.save(update_fields=["status", "file_error", "finished_at"])
            if run.status == ImportStatus.FILE_ERROR:
                importer.forget_seen(run)
            log_change(run, ObjectChange.Action.UPDATE, before)
            return run
        except lease.LeaseLost as exc:
            logger.warning("registry import %s: %s; this process stops", run.pk, exc)
            raise lease.ImportBusy(_("Impor ini dilanjutkan oleh proses lain.")) from None
        except BaseException as exc:
            if _is_connection_error(exc) and interruptions < MAX_INTERRUPTIONS and _wait_for_database(wait):
                interruptions += 1
                run.refresh_from_db()  # the counters saved with the last committed batch are the truth
                logger.warning(
                    "registry import %s interrupted after row %d (%s); resuming",
                    run.pk,
                    run.last_committed_row,
                    _first_line(exc) or type(exc).__name__,
                )
                lease.claim(run, tag)
                ImportRun.objects.filter(pk=run.pk).update(interruptions=F("interruptions") + 1)
                run.refresh_from_db()
                continue
            if _is_connection_error(exc):
                _drop_broken_connection()
            with contextlib.suppress(DatabaseError):  # else the counters in memory are used
                run.refresh_from_db()
            reason = failure_reason(run, exc)
            logger.error("registry import %s failed: %s", run.pk, reason)
            _record_failure(run, tag, reason, before)
            _restore_indexes(run)
            if not isinstance(exc, Exception):
                raise  # KeyboardInterrupt, SystemExit: after recording, stop as asked
            raise ImportFailed(reason) from None
    if run.bulk_restore:
        try:
            bulk_load.restore(run)
        except DatabaseError as exc:  # a foreign key that no longer holds: say which, stay resumable
            run.refresh_from_db()
            reason = _("Impor selesai tetapi indeks registri belum dapat dibangun ulang: %(detail)s") % {
                "detail": _first_line(exc)
            }
            _record_failure(run, tag, reason, before)
            raise ImportFailed(reason) from None
    with transaction.atomic():
        run.status = ImportStatus.DONE
        run.progress = 1.0
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "progress", "finished_at"])
        importer.forget_seen(run)
        log_change(run, ObjectChange.Action.UPDATE, before)
    return run


def _enter_bulk_mode(run: ImportRun, bulk: bool | None) -> None:
    """Decide bulk mode on a run's first start (kept when it resumes) and drop what it does without."""
    if run.rows_done == 0 and not run.bulk:
        if bulk is None:
            bulk = bulk_load.worth_it(importer.estimate_rows(Path(run.file_path), run.file_format))
        if not bulk:
            return
    elif not run.bulk or bulk is False:
        return
    bulk_load.begin(run)


def _restore_indexes(run: ImportRun) -> None:
    """After a failure: bring back what bulk mode dropped (best effort; the timer retries)."""
    if not run.bulk_restore:
        return
    try:
        _drop_broken_connection()
        bulk_load.restore(run)
    except DatabaseError as exc:
        logger.error("registry import %s: indexes not rebuilt yet (%s)", run.pk, _first_line(exc))


def import_file(
    user: User,
    path: Path,
    *,
    agency: Agency | None = None,
    restart: bool = False,
    batch_size: int = DEFAULT_BATCH,
    on_progress: Callable[[ImportRun], None] | None = None,
    fail_after_batches: int | None = None,
    bulk: bool | None = None,
) -> ImportRun:
    """Prepare and run an import in the current process (the command and tests use this)."""
    run = prepare_import(user, path, agency=agency, restart=restart)
    return execute_import(
        run, batch_size=batch_size, on_progress=on_progress, fail_after_batches=fail_after_batches, bulk=bulk
    )


def can_resume(user: User, run: ImportRun) -> bool:
    """Whether `user` may press "Lanjutkan" on `run`: it failed or its process died, and they may import."""
    if not run.file_path or not (run.status == ImportStatus.FAILED or lease.is_dead(run)):
        return False
    try:
        import_agency_for(user, run.agency)
    except PermissionDenied:
        return False
    return can(user, run, "change")


def resume_import(user: User, pk: int) -> ImportRun:
    """Queue a failed run, or one whose process died, to continue where it stopped ("Lanjutkan")."""
    with transaction.atomic():
        run = get_scoped_or_404(ImportRun.objects.select_for_update(), user, "change", pk=pk)
        import_agency_for(user, run.agency)  # PermissionDenied for roles that may not import
        if not (run.status == ImportStatus.FAILED or lease.is_dead(run)) or not run.file_path:
            raise importer.FileError(_("Impor ini tidak dapat dilanjutkan."))
        _queue(run, user)
    return run


def resume_dead_imports() -> list[ImportRun]:
    """Queue every run whose process died mid-import (run it from a timer: `resume_registry_imports`)."""
    queued = []
    for pk in ImportRun.objects.filter(status=ImportStatus.RUNNING).values_list("pk", flat=True):
        with transaction.atomic():
            run = ImportRun.objects.select_for_update().get(pk=pk)
            if lease.is_dead(run) and run.file_path:
                _queue(run, None)
                queued.append(run)
    # Indexes a bulk run dropped come back as soon as no live process is loading it.
    for run in ImportRun.objects.exclude(bulk_restore=[]):
        if not lease.is_alive(run):
            bulk_load.restore(run)
    return queued


def _queue(run: ImportRun, user: User | None) -> None:
    """Mark `run` pending and enqueue it once the transaction commits (the worker claims it)."""
    from netral.personnel.tasks import run_registry_import

    before = snapshot(run)
    run.status = ImportStatus.PENDING
    run.file_error = ""
    run.save(update_fields=["status", "file_error"])
    log_change(run, ObjectChange.Action.UPDATE, before, user=user)
    pk = run.pk
    transaction.on_commit(lambda: run_registry_import.enqueue(pk))


def set_active(user: User, pk: int, active: bool) -> ASN:
    """Mark one ASN active/inactive (left service, retired); PPK officers of the agency and admins."""
    with transaction.atomic():
        asn = get_scoped_or_404(ASN.objects.select_for_update(), user, "change", pk=pk)
        before = snapshot(asn)
        asn.active = active
        asn.save(update_fields=["active", "updated_at"])
        log_change(asn, ObjectChange.Action.UPDATE, before, user=user)
    return asn
