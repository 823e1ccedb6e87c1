"""Background work of analytics: one recomputation of the whole index, however many saves asked."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone
from django_tasks import TaskContext, task

from netral.analytics import rollup, vulnerability
from netral.core import leases

# Longer than any rebuild (about 12 minutes at a million cases); a dead holder's lease runs out.
REBUILD_LEASE_SECONDS = 45 * 60


@task(queue_name="analytics", takes_context=True)
def recompute_index(context: TaskContext) -> int:
    """Recompute every region's index and the dashboard rollup (clears the dirty flag first, so
    saves during it queue another run).

    One rebuild at a time, across all workers: a second one waits for the first (it is enqueued
    again after the debounce) instead of doubling the database load. The lease holder is the task
    itself, so a task given back after its worker died takes its own lease again.
    """
    holder = str(context.task_result.id)
    if not leases.acquire("index-rebuild", holder, REBUILD_LEASE_SECONDS):
        if recompute_index.get_backend().supports_defer:
            wait = int(getattr(settings, "NETRAL_INDEX_DEBOUNCE_SECONDS", 30))
            recompute_index.using(run_after=timezone.now() + datetime.timedelta(seconds=max(wait, 5))).enqueue()
        return -1
    try:
        regions = vulnerability.recompute()
        rollup.refresh()
        return regions
    finally:
        leases.release("index-rebuild", holder)
