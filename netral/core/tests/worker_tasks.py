"""Tasks used by the worker fault tests (imported by real worker processes started by the tests)."""

from __future__ import annotations

import time

from django_tasks import task

from netral.core.models import Sequence


@task()
def slow_count(name: str, seconds: float) -> int:
    """Count each start in a Sequence row (committed at once), then take a while."""
    from netral.core import sequences

    started = sequences.next_value(name, "starts")
    time.sleep(seconds)
    Sequence.objects.update_or_create(name=name, period="done", defaults={"value": started})
    return started
