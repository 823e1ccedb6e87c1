"""Which process runs an import, and whether it is still alive.

A run being imported carries its owner: ``host:pid:start:execution`` (start is the process's
start time in clock ticks, so a reused pid is not taken for the old process; execution tells
apart two imports in one process). On the same host a dead owner is known at once: the process
is gone (SIGKILL, out of memory, a crash, a restarted container) or is a zombie, or, in this
very process, the execution has ended. An owner on another host is alive while the run's
heartbeat, saved with every batch, is younger than ``REGISTRY_IMPORT_LEASE_SECONDS``
(default 120). A run whose owner is dead can be resumed at once (`services.prepare_import`,
`services.resume_dead_imports`); one with a live owner cannot be taken over, and every batch
checks, under a row lock, that its process still owns the run (`hold`), so two processes
never write the same run.
"""

from __future__ import annotations

import os
import socket
import uuid
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from netral.personnel.choices import ImportStatus
from netral.personnel.importer import FileError
from netral.personnel.models import ImportRun

DEFAULT_LEASE_SECONDS = 120


class ImportBusy(FileError):
    """Another live process is importing this run."""


class LeaseLost(RuntimeError):
    """This process no longer owns the run (another one took it over after judging it dead)."""


def _stat(pid: int) -> list[str] | None:
    """Fields of /proc/PID/stat after the command name (state is [0], start time is [19])."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            return fh.read().rsplit(")", 1)[1].split()
    except OSError:
        return None


def _start_ticks(pid: int) -> str:
    fields = _stat(pid)
    return fields[19] if fields and len(fields) > 19 else ""


_owner: tuple[int, str] | None = None
_active: set[str] = set()  # owner tags of the imports running in this process


def owner() -> str:
    """This process's part of an owner tag (recomputed after a fork)."""
    global _owner
    pid = os.getpid()
    if _owner is None or _owner[0] != pid:
        _owner = (pid, f"{socket.gethostname()}:{pid}:{_start_ticks(pid)}")
    return _owner[1]


def begin_execution() -> str:
    """A new owner tag for one execution of an import in this process; `end_execution` when done."""
    tag = f"{owner()}:{uuid.uuid4().hex[:12]}"
    _active.add(tag)
    return tag


def end_execution(tag: str) -> None:
    _active.discard(tag)


def _process_alive(pid: int, start: str) -> bool:
    if os.path.isdir("/proc/self"):
        fields = _stat(pid)
        if fields is None or fields[0] == "Z":  # gone, or killed and not yet reaped
            return False
        return not start or (len(fields) > 19 and fields[19] == start)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def lease_seconds() -> int:
    return int(getattr(settings, "REGISTRY_IMPORT_LEASE_SECONDS", DEFAULT_LEASE_SECONDS))


def owner_alive(run: ImportRun) -> bool:
    """Whether the execution named in `run.owner` still runs (see the module docstring)."""
    host, pid, start, _token = ([*run.owner.split(":"), "", "", "", ""])[:4]
    if run.owner and host == socket.gethostname() and pid.isdigit():
        if f"{host}:{pid}:{start}" == owner():
            return run.owner in _active
        return _process_alive(int(pid), start)
    beat = run.heartbeat_at or run.started_at or run.created_at
    return beat is not None and (timezone.now() - beat).total_seconds() <= lease_seconds()


def is_alive(run: ImportRun) -> bool:
    """A run that some live process is importing right now."""
    return run.status == ImportStatus.RUNNING and owner_alive(run)


def is_dead(run: ImportRun) -> bool:
    """A run left 'running' by a process that is gone: resumable at once."""
    return run.status == ImportStatus.RUNNING and not owner_alive(run)


def claim(run: ImportRun, tag: str) -> None:
    """Make execution `tag` the run's owner (status running, fresh heartbeat).

    `ImportBusy` when the run is finished or another live execution holds it.
    """
    now = timezone.now()
    with transaction.atomic():
        locked = ImportRun.objects.select_for_update().get(pk=run.pk)
        if locked.status in (ImportStatus.DONE, ImportStatus.FILE_ERROR):
            raise ImportBusy(_("Impor ini sudah selesai."))
        if locked.owner != tag and is_alive(locked):
            raise ImportBusy(_("Berkas yang sama sedang diimpor; tunggu sampai selesai."))
        fields: dict[str, Any] = {"status": ImportStatus.RUNNING, "owner": tag, "heartbeat_at": now}
        if locked.started_at is None:
            fields["started_at"] = now
        ImportRun.objects.filter(pk=run.pk).update(**fields)
    run.refresh_from_db()


def hold(run: ImportRun) -> None:
    """Inside a batch's transaction: lock the run's row and check this execution still owns it."""
    current = ImportRun.objects.select_for_update().filter(pk=run.pk).values_list("owner", flat=True).first()
    if current != run.owner:
        raise LeaseLost(f"import run {run.pk} is now owned by {current!r}")
