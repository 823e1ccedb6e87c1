"""What the cases app does with events (subscribed in ``netral/events.py``): mail whose move it is."""

from __future__ import annotations

from netral.cases import notifications
from netral.cases.models import CaseTransition
from netral.core.models import OutboxMessage


def notify(message: OutboxMessage) -> int:
    """Mail the party whose move it is about one timeline entry; idempotent by the entry's
    ``notified`` flag (a message run twice mails once, except when a worker dies between the mail
    server's acceptance and the flag: then the mail goes again, never lost)."""
    entry = (
        CaseTransition.objects.select_related("case__region")
        .filter(pk=message.payload["transition"], notified=False)
        .first()
    )
    if entry is None:
        return 0
    case = entry.case
    sent = notifications.send(case, notifications.recipients(case), *notifications.transition_mail(case, entry.reason))
    # `notified` is the one column of the append-only timeline that may change.
    CaseTransition.objects.filter(pk=entry.pk).update(notified=True)
    return len(sent)
