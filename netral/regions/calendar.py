"""Which stage of an election a date falls in.

Stages overlap (counting 27 Nov lies in voting and in recapitulation; forming ad hoc bodies
runs for months beside everything), so the answer prefers a vulnerable stage, then a main-line
stage (one with a triage stage), then the shortest: the most specific description of that day.
"""

from __future__ import annotations

import datetime

from netral.regions.models import Election, Stage


def stages_on(election: Election, day: datetime.date) -> list[Stage]:
    return list(election.stages.filter(start__lte=day, end__gte=day))


def stage_at(election: Election | str, day: datetime.date) -> Stage | None:
    """The stage that date `day` was in for election `election` (an Election or its code)."""
    if isinstance(election, str):
        election = Election.objects.get(code=election)
    candidates = stages_on(election, day)
    if not candidates:
        return None
    return sorted(candidates, key=lambda s: (not s.vulnerable, not s.triage_stage, s.days, s.order))[0]


def election_for(day: datetime.date, region_code: str | None = None) -> Election | None:
    """The election whose stages cover `day` (nearest voting day first when several do)."""
    qs = Election.objects.filter(stages__start__lte=day, stages__end__gte=day).distinct()
    elections = sorted(qs, key=lambda e: abs((e.voting_date - day).days))
    return elections[0] if elections else None
