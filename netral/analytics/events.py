"""What analytics does with case and report events (subscribed in ``netral/events.py``).

The vulnerability index and the dashboard cube read every case and report, so any change marks
them stale. The route coalesces: one message per transaction, however many rows it wrote; and the
dirty flag debounces: only the message that flips it from clean to dirty enqueues a recomputation.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone

from netral.analytics import tasks, vulnerability
from netral.core.models import OutboxMessage


def invalidate_index(message: OutboxMessage) -> bool:
    """Mark the index stale and enqueue one recomputation if it was clean (idempotent)."""
    if not vulnerability.mark_dirty():
        return False
    task = tasks.recompute_index
    if task.get_backend().supports_defer:
        # Debounce: a burst of changes (an import, a bulk transition) is recomputed once.
        wait = int(getattr(settings, "NETRAL_INDEX_DEBOUNCE_SECONDS", 30))
        task = task.using(run_after=timezone.now() + datetime.timedelta(seconds=wait))
    task.enqueue()
    return True
