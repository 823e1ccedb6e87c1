"""Task workers that recover: heartbeats, tasks of dead workers given back, and the periodic jobs.

django-tasks-db's worker claims a task by marking it RUNNING; a worker killed with SIGKILL (or a
host that loses power) leaves it RUNNING for ever. Each ``manage.py run_worker`` therefore runs a
housekeeping thread beside the task loop that:

- writes a heartbeat every ``NETRAL_WORKER_HEARTBEAT_SECONDS`` (10) seconds (``WorkerHeartbeat``);
- gives back to the queue every task held by a worker whose heartbeat is older than the lease
  (``NETRAL_WORKER_LEASE_SECONDS``), at most ``NETRAL_TASK_MAX_RECOVERIES`` times, then marks it
  failed with one readable line (``reap``); tasks are written to be idempotent, so a task that
  was half done when its worker died is simply done again;
- runs the scheduler of periodic jobs (``core.periodic.tick``): each due time of each job is
  claimed by exactly one worker and runs as a task on the ``periodic`` queue.

The heartbeat runs on its own thread and database connection, so a long task (a registry
import, a dashboard rebuild) does not make its worker look dead.
"""

from __future__ import annotations

import datetime
import logging
import os
import socket
import threading
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connections, transaction
from django.utils import timezone

from netral.core import leases
from netral.core.models import TaskRecovery, WorkerHeartbeat

logger = logging.getLogger(__name__)


def heartbeat_seconds() -> float:
    return float(getattr(settings, "NETRAL_WORKER_HEARTBEAT_SECONDS", 10))


def lease_seconds() -> float:
    return float(getattr(settings, "NETRAL_WORKER_LEASE_SECONDS", 60))


def max_recoveries() -> int:
    return int(getattr(settings, "NETRAL_TASK_MAX_RECOVERIES", 3))


def beat(worker_id: str, queues: list[str], *, started: Any = None, tasks_run: int = 0) -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": socket.gethostname()[:200],
            "pid": os.getpid(),
            "queues": queues,
            "seen_at": now,
            "tasks_run": tasks_run,
        },
        create_defaults={
            "hostname": socket.gethostname()[:200],
            "pid": os.getpid(),
            "queues": queues,
            "seen_at": now,
            "started_at": started or now,
            "tasks_run": tasks_run,
        },
    )


def reap(now: Any = None) -> dict[str, int]:
    """Give back the tasks of workers that stopped beating; returns counts (requeued, failed)."""
    from django_tasks_db.models import DBTaskResult

    moment = now or timezone.now()
    cutoff = moment - datetime.timedelta(seconds=lease_seconds())
    alive = set(WorkerHeartbeat.objects.filter(seen_at__gt=cutoff).values_list("worker_id", flat=True))
    known = set(WorkerHeartbeat.objects.values_list("worker_id", flat=True))
    counts = {"requeued": 0, "failed": 0}
    for task in DBTaskResult.objects.filter(status="RUNNING").only("id", "worker_ids", "task_path"):
        holder = task.worker_ids[-1] if task.worker_ids else ""
        # Only workers that beat can be judged; a plain db_worker (no heartbeat) is left alone.
        if holder in alive or holder not in known:
            continue
        with transaction.atomic():
            recovery, _ = TaskRecovery.objects.select_for_update().get_or_create(
                task_id=str(task.id), defaults={"recovered_at": moment}
            )
            if recovery.attempts >= max_recoveries():
                changed = DBTaskResult.objects.filter(pk=task.pk, status="RUNNING").update(
                    status="FAILED",
                    finished_at=moment,
                    exception_class_path="netral.core.worker.WorkerLost",
                    traceback=(
                        f"Worker {holder} stopped responding while running this task, "
                        f"{recovery.attempts + 1} times; not retried again."
                    ),
                )
                counts["failed"] += changed
            else:
                changed = DBTaskResult.objects.filter(pk=task.pk, status="RUNNING").update(
                    status="READY", started_at=None
                )
                counts["requeued"] += changed
            if changed:
                recovery.attempts += 1
                recovery.last_worker = holder
                recovery.recovered_at = moment
                recovery.save()
                logger.warning("task %s (%s) of dead worker %s given back", task.id, task.task_path, holder)
    # Forget long-dead workers (a week) so the table stays small.
    WorkerHeartbeat.objects.filter(seen_at__lt=moment - datetime.timedelta(days=7)).delete()
    return counts


class Housekeeper(threading.Thread):
    """Heartbeat, reaper and scheduler beside a worker's task loop."""

    def __init__(self, worker_id: str, queues: list[str], *, scheduler: bool) -> None:
        super().__init__(name=f"housekeeper-{worker_id[:8]}", daemon=True)
        self.worker_id = worker_id
        self.queues = queues
        self.scheduler = scheduler
        self.started_at = timezone.now()
        self.stop = threading.Event()
        self.tasks_run = 0

    def run(self) -> None:
        from netral.core import periodic

        while not self.stop.is_set():
            try:
                close_old_connections()
                beat(self.worker_id, self.queues, started=self.started_at, tasks_run=self.tasks_run)
                # One reaper at a time across all workers (the lease outlives a tick a little).
                if leases.acquire("worker-reaper", self.worker_id, heartbeat_seconds() * 1.5):
                    reap()
                if self.scheduler:
                    periodic.tick(self.worker_id)
            except Exception:  # housekeeping must never kill the worker
                logger.exception("worker housekeeping failed; trying again")
            finally:
                connections.close_all()
            self.stop.wait(heartbeat_seconds())

    def finish(self) -> None:
        self.stop.set()
        self.join(timeout=heartbeat_seconds() * 2)
        WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
