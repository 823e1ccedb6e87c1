"""Background work for cases: notify the party whose move it is after a transition."""

from __future__ import annotations

from django_tasks import task

from netral.cases import notifications
from netral.cases.models import CaseTransition


@task(queue_name="notifications")
def notify_transition(transition_id: int) -> int:
    """Mail the responsible users about one timeline entry; marks it notified (idempotent)."""
    entry = CaseTransition.objects.select_related("case__region").filter(pk=transition_id, notified=False).first()
    if entry is None:
        return 0
    case = entry.case
    users = notifications.recipients(case)
    subject, body = notifications.transition_mail(case, entry.reason)
    sent = notifications.send(case, users, subject, body)
    # `notified` is the outbox flag: the one column of the append-only timeline that may change.
    CaseTransition.objects.filter(pk=entry.pk).update(notified=True)
    return len(sent)
