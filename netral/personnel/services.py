"""Writes to the ASN registry: starting, resuming and running imports; (de)activating one ASN.

Who may import what is decided here, once: a PPK officer imports for their own agency only,
an admin for any agency (or nationally, with no agency). Rows naming another agency become
per-row errors in the importer.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from netral.accounts.choices import Role
from netral.agencies.models import Agency
from netral.core.audit import log_change, snapshot
from netral.core.models import ObjectChange
from netral.core.scoping import get_scoped_or_404
from netral.personnel import importer
from netral.personnel.choices import ImportStatus
from netral.personnel.models import ASN, ImportRun

RESUMABLE = (ImportStatus.FAILED, ImportStatus.RUNNING, ImportStatus.PENDING)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def import_agency_for(user: Any, agency: Agency | None) -> Agency | None:
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
    user: Any,
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
        if previous is not None and previous.status == ImportStatus.RUNNING and not importer.is_stale(previous):
            raise importer.FileError(_("Berkas yang sama sedang diimpor; tunggu sampai selesai."))
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
            previous.save(update_fields=["status", "file_error"])
            importer.forget_seen(previous)
            log_change(previous, ObjectChange.Action.UPDATE, before, user=user)
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


def execute_import(
    run: ImportRun,
    *,
    batch_size: int = importer.DEFAULT_BATCH,
    on_progress: Callable[[ImportRun], None] | None = None,
    fail_after_batches: int | None = None,
) -> ImportRun:
    """Run (or continue) `run` to the end; each batch commits on its own (see importer.process)."""
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportStatus.RUNNING, started_at=run.started_at or timezone.now(), heartbeat_at=timezone.now()
    )
    run.refresh_from_db()
    before = snapshot(run)
    try:
        importer.process(
            run,
            Path(run.file_path),
            batch_size=batch_size,
            on_progress=on_progress,
            fail_after_batches=fail_after_batches,
        )
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
    except BaseException:
        # Committed batches stay; the counters saved with them are the truth. Re-run resumes.
        run.refresh_from_db()
        run.status = ImportStatus.FAILED
        run.file_error = _("Impor terhenti sebelum selesai; jalankan lagi untuk melanjutkan dari baris %(row)d.") % {
            "row": run.last_committed_row + 1
        }
        run.save(update_fields=["status", "file_error"])
        log_change(run, ObjectChange.Action.UPDATE, before)
        raise
    with transaction.atomic():
        run.status = ImportStatus.DONE
        run.progress = 1.0
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "progress", "finished_at"])
        importer.forget_seen(run)
        log_change(run, ObjectChange.Action.UPDATE, before)
    return run


def import_file(
    user: Any,
    path: Path,
    *,
    agency: Agency | None = None,
    restart: bool = False,
    batch_size: int = importer.DEFAULT_BATCH,
    on_progress: Callable[[ImportRun], None] | None = None,
    fail_after_batches: int | None = None,
) -> ImportRun:
    """Prepare and run an import in the current process (the command and tests use this)."""
    run = prepare_import(user, path, agency=agency, restart=restart)
    return execute_import(run, batch_size=batch_size, on_progress=on_progress, fail_after_batches=fail_after_batches)


def set_active(user: Any, pk: int, active: bool) -> ASN:
    """Mark one ASN active/inactive (left service, retired); PPK officers of the agency and admins."""
    with transaction.atomic():
        asn = get_scoped_or_404(ASN.objects.select_for_update(), user, "change", pk=pk)
        before = snapshot(asn)
        asn.active = active
        asn.save(update_fields=["active", "updated_at"])
        log_change(asn, ObjectChange.Action.UPDATE, before, user=user)
    return asn
