"""Background work of the inbox (django-tasks; ``manage.py db_worker`` runs the queue)."""

from __future__ import annotations

from django_tasks import task

from netral.core.context import acting


@task()
def analyse_batch(batch_id: int) -> dict[str, int]:
    """Analyse one uploaded batch; returns its counts (kept in the task result)."""
    from netral.monitoring.models import Batch
    from netral.monitoring.services import run_analysis

    uploader = Batch.objects.select_related("uploaded_by").get(pk=batch_id).uploaded_by
    with acting(uploader):
        batch = run_analysis(batch_id)
    return {"total": batch.total, "analysed": batch.analysed, "errors": batch.errors, "relevant": batch.relevant}
