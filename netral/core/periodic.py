"""Periodic jobs (reminders, escalations, webhook retries, pruning), run by the task workers.

The schedule is a setting (``NETRAL_PERIODIC_JOBS``: job name → management command, interval in
seconds, offset): no cron entry a deployment could forget. Every worker's housekeeping thread
calls ``tick`` a few times a minute; a job's due time is claimed by inserting its
``PeriodicRun`` row (unique per job and due time), so with any number of workers each due time
runs once. The claim enqueues ``run_periodic`` on the ``periodic`` queue: a worker killed in the
middle is detected and the task given back (``core.worker``), and a run that already finished
is never run again.

Only the latest due time of a job is run: a worker that was down for a day sends one round of
reminders, not twenty-four.
"""

from __future__ import annotations

import datetime
import io
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from netral.core.models import PeriodicRun

logger = logging.getLogger(__name__)
EPOCH = datetime.datetime(2000, 1, 3, tzinfo=datetime.UTC)  # a Monday, 00:00 UTC


@dataclass(frozen=True)
class Job:
    name: str
    command: str
    every: int
    offset: int = 0
    args: tuple[str, ...] = ()

    def due_at(self, now: datetime.datetime) -> datetime.datetime:
        """The latest due time at or before ``now``."""
        elapsed = (now - EPOCH).total_seconds() - self.offset
        slots = int(elapsed // self.every)
        return EPOCH + datetime.timedelta(seconds=slots * self.every + self.offset)


def jobs() -> dict[str, Job]:
    configured: Mapping[str, Mapping[str, Any]] = getattr(settings, "NETRAL_PERIODIC_JOBS", {})
    return {
        name: Job(
            name=name,
            command=str(spec.get("command", name)),
            every=int(spec["every"]),
            offset=int(spec.get("offset", 0)),
            args=tuple(spec.get("args", ())),
        )
        for name, spec in configured.items()
        if spec.get("every")
    }


def enabled() -> bool:
    return bool(getattr(settings, "NETRAL_SCHEDULER", True))


def tick(worker_id: str, now: datetime.datetime | None = None) -> list[PeriodicRun]:
    """Claim and enqueue every job whose current due time has no run yet; returns the new claims."""
    if not enabled():
        return []
    from netral.core.tasks import run_periodic

    moment = now or timezone.now()
    claimed = []
    for job in jobs().values():
        due = job.due_at(moment)
        if PeriodicRun.objects.filter(job=job.name, due_at=due).exists():
            continue
        try:
            with transaction.atomic():
                run = PeriodicRun.objects.create(job=job.name, due_at=due, claimed_by=worker_id, claimed_at=moment)
                result = run_periodic.enqueue(run.pk)
                run.task_id = str(result.id)
                run.save(update_fields=["task_id"])
        except IntegrityError:
            continue  # another worker claimed this due time first
        claimed.append(run)
    return claimed


def execute(run_id: int) -> PeriodicRun | None:
    """Run one claimed due time (inside the ``run_periodic`` task); a finished run is left alone."""
    run = PeriodicRun.objects.filter(pk=run_id, finished_at__isnull=True).first()
    if run is None:
        return None
    job = jobs().get(run.job)
    out = io.StringIO()
    try:
        if job is None:
            raise LookupError(f"no periodic job named {run.job!r} in NETRAL_PERIODIC_JOBS")
        call_command(job.command, *job.args, stdout=out, stderr=out)
        ok, outcome = True, out.getvalue().strip()
    except Exception as exc:  # recorded for the administrators' page, in one readable line
        logger.exception("periodic job %s failed", run.job)
        ok, outcome = False, f"{type(exc).__name__}: {exc}"
    PeriodicRun.objects.filter(pk=run.pk, finished_at__isnull=True).update(
        finished_at=timezone.now(), ok=ok, outcome=outcome[-4000:]
    )
    run.refresh_from_db()
    return run


def overview(now: datetime.datetime | None = None) -> list[dict[str, Any]]:
    """Per job: the schedule, the last run and what it did, the next due time (the admin page)."""
    moment = now or timezone.now()
    rows = []
    for job in jobs().values():
        last = PeriodicRun.objects.filter(job=job.name).order_by("-due_at").first()
        rows.append(
            {
                "job": job,
                "last": last,
                "next_due": job.due_at(moment) + datetime.timedelta(seconds=job.every),
                "late": last is not None
                and last.finished_at is None
                and last.claimed_at < moment - datetime.timedelta(seconds=max(job.every, 600)),
            }
        )
    return rows
