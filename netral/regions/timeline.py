"""The calendar of one election laid out for a page: stage bars on a time axis, today marked.

Positions are numbers for SVG attributes (not inline styles), so the page needs no script and
no ``style=`` under a strict Content-Security-Policy.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from netral.regions.models import Election, Stage

WIDTH = 1000.0  # SVG user units for the time axis
ROW = 22
HEAD = 28


@dataclass
class Bar:
    stage: Stage
    x: float
    width: float
    y: int
    state: str  # "past", "now", "future"


@dataclass
class Layout:
    bars: list[Bar]
    ticks: list[tuple[float, str]]
    today_x: float | None
    voting_x: float | None
    height: int
    start: datetime.date
    end: datetime.date


def _state(stage: Stage, today: datetime.date) -> str:
    if stage.end < today:
        return "past"
    if stage.start > today:
        return "future"
    return "now"


def layout(election: Election, today: datetime.date) -> Layout:
    stages = list(election.stages.order_by("start", "order"))
    if not stages:
        return Layout([], [], None, None, HEAD, election.voting_date, election.voting_date)
    start = min(s.start for s in stages)
    end = max(max(s.end for s in stages), election.voting_date)
    span = max((end - start).days + 1, 1)

    def x(day: datetime.date) -> float:
        return round((day - start).days / span * WIDTH, 1)

    bars = [
        Bar(s, x(s.start), max(round(s.days / span * WIDTH, 1), 2.0), HEAD + i * ROW, _state(s, today))
        for i, s in enumerate(stages)
    ]
    ticks = []
    month = datetime.date(start.year, start.month, 1)
    step = 1 if span <= 400 else 3
    while month <= end:
        if month >= start:
            ticks.append((x(month), f"{month:%m/%Y}"))
        year, mon = divmod(month.month - 1 + step, 12)
        month = datetime.date(month.year + year, mon + 1, 1)
    today_x = x(today) if start <= today <= end else None
    return Layout(bars, ticks, today_x, x(election.voting_date), HEAD + len(stages) * ROW + 6, start, end)
