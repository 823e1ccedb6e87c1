"""The legal clock of a formal request for completion (permintaan kelengkapan).

When a report lacks formal or material requirements, the supervisor may ask the reporter to complete
it; Perbawaslu 8/2020 gives the reporter 2 days from the request. The days are a setting
(``NETRAL_DEADLINES["completion_request_days"]``), counted like every other clock of a case
(``cases.deadlines``): calendar days, to the end of the last day in local time.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from netral.cases import deadlines

DAYS_SETTING = "completion_request_days"
DEFAULT_DAYS = 2
RULE = deadlines.Rule(
    "completion_request",
    (DAYS_SETTING,),
    deadlines.CALENDAR,
    _("Permintaan kelengkapan laporan"),
    "Perbawaslu 8/2020 (pelapor melengkapi laporan paling lama 2 hari sejak pemberitahuan)",
)


def days() -> int:
    return int(deadlines.values_from_settings().get(DAYS_SETTING, DEFAULT_DAYS))


def due_at(sent_at: datetime.datetime) -> datetime.datetime:
    """End of the last day the reporter has to answer a request sent at `sent_at`."""
    values = {DAYS_SETTING: days()}
    return deadlines.deadline(RULE, sent_at, tz=timezone.get_current_timezone(), values=values)


def label() -> str:
    n = days()
    return ngettext(
        "Permintaan kelengkapan: pelapor menjawab dalam %(n)d hari",
        "Permintaan kelengkapan: pelapor menjawab dalam %(n)d hari",
        n,
    ) % {"n": n}


@dataclass(frozen=True)
class CompletionClock(deadlines.Clock):
    """A running request for completion, shown like the case's other clocks (same badge, same words)."""

    report_id: int = 0
    message_id: int = 0

    @property
    def label(self) -> Any:
        return label()


def running(messages: Any, now: datetime.datetime | None = None) -> list[CompletionClock]:
    """The clocks of unanswered completion requests among `messages`, earliest deadline first."""
    moment = now or timezone.now()
    clocks = [
        CompletionClock(RULE.key, m.due_at, moment, report_id=m.report_id, message_id=m.pk)
        for m in messages
        if m.completion_request and m.answered_at is None and m.due_at is not None
    ]
    return sorted(clocks, key=lambda c: c.deadline)
