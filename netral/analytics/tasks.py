"""Background work of analytics: one recomputation of the whole index, however many saves asked."""

from __future__ import annotations

from django_tasks import task

from netral.analytics import rollup, vulnerability


@task()
def recompute_index() -> int:
    """Recompute every region's index and the dashboard rollup (clears the dirty flag first, so
    saves during it queue another run)."""
    regions = vulnerability.recompute()
    rollup.refresh()
    return regions
