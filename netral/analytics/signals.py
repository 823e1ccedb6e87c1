"""Mark the vulnerability index stale when a case changes, and enqueue one recomputation.

Debounced with the ``IndexState`` dirty flag: only the save that flips it from clean to dirty
enqueues the task; saves while a recomputation is pending add nothing.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction

logger = logging.getLogger(__name__)


def case_saved(sender: Any, instance: Any, **kwargs: Any) -> None:

    if kwargs.get("raw"):
        return
    transaction.on_commit(_flag_and_enqueue)


def _flag_and_enqueue() -> None:
    from netral.analytics import tasks, vulnerability

    if vulnerability.mark_dirty():
        try:
            tasks.recompute_index.enqueue()
        except Exception:  # a broken queue must never break a case save
            logger.exception("could not enqueue recompute_index")
