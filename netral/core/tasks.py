"""Background tasks of core: one periodic job's due time (see ``core.periodic``)."""

from __future__ import annotations

from django_tasks import task

from netral.core import periodic


@task(queue_name="periodic")
def run_periodic(run_id: int) -> dict[str, object]:
    """Run a claimed due time of a periodic job; a finished one is not run again (idempotent)."""
    run = periodic.execute(run_id)
    if run is None:
        return {"skipped": True}
    return {"job": run.job, "ok": run.ok}
