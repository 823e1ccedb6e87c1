"""Mark the vulnerability index stale when a case changes, and enqueue one recomputation.

Debounced with the ``IndexState`` dirty flag: only the save that flips it from clean to dirty
enqueues the task; saves while a recomputation is pending add nothing.
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)


def case_saved(sender: Any, instance: Any, **kwargs: Any) -> None:

    if kwargs.get("raw"):
        return
    transaction.on_commit(_flag_and_enqueue)


def _flag_and_enqueue() -> None:
    from netral.analytics import tasks, vulnerability

    if vulnerability.mark_dirty():
        try:
            task = tasks.recompute_index
            if task.get_backend().supports_defer:
                # Debounce: a burst of saves (an import, a bulk transition) is recomputed once.
                wait = int(getattr(settings, "NETRAL_INDEX_DEBOUNCE_SECONDS", 30))
                task = task.using(run_after=timezone.now() + datetime.timedelta(seconds=wait))
            task.enqueue()
        except Exception:  # a broken queue must never break a case save
            logger.exception("could not enqueue recompute_index")
