"""Background work of the registry: web uploads are imported by the task worker, not the request."""

from __future__ import annotations

from django_tasks import task

from netral.core.context import acting
from netral.personnel.models import ImportRun


@task(queue_name="imports")
def run_registry_import(run_id: int) -> dict[str, int]:
    """Import (or continue) one ImportRun; returns its counts for the task result."""
    from netral.personnel.services import execute_import

    run = ImportRun.objects.select_related("user").get(pk=run_id)
    with acting(run.user):
        run = execute_import(run)
    return {
        "created": run.created,
        "updated": run.updated,
        "unchanged": run.unchanged,
        "errors": run.error_count,
    }
