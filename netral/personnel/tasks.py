"""Background work of the registry: web uploads are imported by the task worker, not the request."""

from __future__ import annotations

from django_tasks import task

from netral.core.context import acting
from netral.personnel.models import ImportRun


@task(queue_name="imports")
def run_registry_import(run_id: int) -> dict[str, int | str]:
    """Import (or continue) one ImportRun; returns its counts for the task result.

    Idempotent: a run that is finished, or that another live process is importing, is left
    alone (a run can be queued twice: an upload and a resume, or two resume requests).
    """
    from netral.personnel import lease
    from netral.personnel.services import RESUMABLE, execute_import

    run = ImportRun.objects.select_related("user").get(pk=run_id)
    if run.status not in RESUMABLE:
        return {"skipped": str(run.status)}
    with acting(run.user):
        try:
            run = execute_import(run)
        except lease.ImportBusy:
            return {"skipped": "busy"}
    return {
        "created": run.created,
        "updated": run.updated,
        "unchanged": run.unchanged,
        "errors": run.error_count,
    }
