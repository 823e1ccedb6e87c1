"""Background work of analytics: one recomputation of the whole index, however many saves asked."""

from __future__ import annotations

from django_tasks import task

from netral.analytics import vulnerability


@task()
def recompute_index() -> int:
    """Recompute every region's index (clears the dirty flag first, so saves during it re-queue)."""
    return vulnerability.recompute()
