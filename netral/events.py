"""Where every domain event goes: the one table of the event path (``core.events``).

Services emit; this table says which handler gets which topic, on which worker queue, and whether
messages of one transaction coalesce. A project module (like ``urls``): it names handlers of every
app, so it sits above them all. ``settings.NETRAL_EVENT_ROUTES`` points here.

Topics: ``case.opened``, ``case.transitioned``, ``case.joined`` (a timeline entry: payload case,
transition, number, region_code, from, to), ``case.changed`` (a stored clock re-derived),
``report.filed``, ``report.changed`` (payload report, case, region_code).
"""

from __future__ import annotations

from netral.analytics.events import invalidate_index
from netral.api.events import deliver
from netral.cases.events import notify
from netral.conversations.events import case_stepped
from netral.core.events import Event, Route


def _one_per_transaction(event: Event) -> str:
    return "vulnerability-index"


ROUTES: tuple[Route, ...] = (
    # Mail the party whose move it is (a join's entries mail nobody).
    Route("notify", "notifications", frozenset({"case.opened", "case.transitioned"}), notify),
    # Each public step of a case becomes notices to its reporters (mail, chat; docs/reports.md §8).
    Route("reporter-steps", "notifications", frozenset({"case.transitioned"}), case_stepped, atomic=True),
    # Signed webhook deliveries to the endpoints whose scope covers the case.
    Route("webhooks", "webhooks", frozenset({"case.opened", "case.transitioned", "case.joined"}), deliver),
    # The vulnerability index and dashboard cube go stale (database only: runs atomically).
    Route(
        "index",
        "index",
        frozenset({"case.*", "report.*"}),
        invalidate_index,
        coalesce=_one_per_transaction,
        atomic=True,
    ),
)
