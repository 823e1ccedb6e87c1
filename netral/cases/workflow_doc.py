"""The workflow table rendered as Markdown: the state diagram and tables of ``docs/cases.md``.

``manage.py workflow_docs`` writes them between the ``<!-- workflow:NAME -->`` markers;
``cases/tests/test_docs.py`` fails when the page and the table disagree.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from netral.cases import workflow

DOC = Path(__file__).resolve().parents[2] / "docs" / "cases.md"


def diagram() -> str:
    lines = ["```mermaid", "stateDiagram-v2", "    [*] --> received: open_case (report/finding)"]
    moves = workflow.TRANSITIONS.values()
    lines += [f"    {t.source} --> {t.target}" + (f": {t.note}" if t.note else "") for t in moves]
    lines += [f"    {s} --> joined: join_cases" for s in workflow.STATUSES if s in workflow.JOINABLE]
    return "\n".join([*lines, "```"])


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def transitions() -> str:
    rows = [_row(["From", "To", "Who", "Requires", "Reason", "Guard / note"]), "|---|---|---|---|---|---|"]
    for t in workflow.TRANSITIONS.values():
        notes = [f"`{t.guard}`"] if t.guard else []
        notes += [f"{name} ∈ {', '.join(values)}" for name, values in t.choices.items()]
        notes += ["re-open"] if t.reopen else []
        notes += [f"clears {', '.join(t.clears)}"] if t.clears else []
        notes += [f"sets {t.effect}"] if t.effect else []
        rows.append(
            _row(
                [
                    t.source,
                    t.target,
                    ", ".join(sorted(t.roles)),
                    ", ".join(t.requires) or "—",
                    "required" if t.reason_required else "optional",
                    "; ".join(notes),
                ]
            )
        )
    return "\n".join(rows)


def statuses() -> str:
    head = ["Status", "Phase", "Whose move", "Seen by", "Entering stamps", "Clock", "Pemilu clock", "Anchor"]
    rows = [_row(head), "|" + "---|" * len(head)]
    for s, rule in workflow.STATUSES.items():
        parties = [p.role + (f" if {p.when.describe()}" if p.when else "") for p in rule.responsible]
        who = "; ".join(parties) or "—"
        if rule.queued_while_clock_runs:
            who += " (queued while the clock runs)"
        clock = rule.clock
        rows.append(
            _row(
                [
                    s,
                    rule.phase,
                    who,
                    ", ".join(sorted(rule.seen_by)) or "—",
                    rule.stamp or "—",
                    (f"`{clock.rule}`" + (f" if {clock.when.describe()}" if clock.when else "")) if clock else "—",
                    f"`{clock.pemilu_rule}`" if clock and clock.pemilu_rule else "",
                    clock.anchor if clock else "",
                ]
            )
        )
    return "\n".join(rows)


def fields() -> str:
    rows = [_row(["Field", "Type", "Checks", "Also sets"]), "|---|---|---|---|"]
    for f in workflow.FIELDS.values():
        checks = []
        if f.max_length:
            checks.append(f"≤ {f.max_length} characters")
        if f.choices is not None:
            checks.append("one of " + ", ".join(f.choices.values))
        if f.model:
            checks.append(f"code of a `{f.model}`")
        if f.not_future:
            checks.append("not in the future")
        sets = "; ".join(
            f"{value} → " + ", ".join(f"{k}={'the act date' if v is workflow.AT else v}" for k, v in effect.items())
            for value, effect in f.effects.items()
        )
        rows.append(_row([f.name, f.kind, "; ".join(checks) or "—", sets]))
    return "\n".join(rows)


SECTIONS: dict[str, Callable[[], str]] = {
    "diagram": diagram,
    "transitions": transitions,
    "statuses": statuses,
    "fields": fields,
}


def render(text: str) -> str:
    """`text` with every marked section replaced by its rendering from the table."""
    for name, fn in SECTIONS.items():
        pattern = re.compile(rf"(<!-- workflow:{name} -->\n)(?:.*?\n)?(<!-- /workflow:{name} -->)", re.S)
        if not pattern.search(text):
            raise ValueError(f"docs/cases.md has no <!-- workflow:{name} --> section")
        body = fn()

        def put(m: re.Match[str], body: str = body) -> str:
            return m.group(1) + body + "\n" + m.group(2)

        text = pattern.sub(put, text)
    return text
