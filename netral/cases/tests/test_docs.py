"""docs/cases.md shows the workflow table as it is in the code: diagram, moves, statuses and fields."""

from __future__ import annotations

import dataclasses

import pytest

from netral.cases import workflow, workflow_doc


def test_the_page_is_rendered_from_the_table() -> None:
    text = workflow_doc.DOC.read_text(encoding="utf-8")
    assert workflow_doc.render(text) == text, "run: python manage.py workflow_docs"


def test_the_diagram_has_every_move_and_nothing_else() -> None:
    edges = {
        tuple(line.split(":")[0].strip().split(" --> "))
        for line in workflow_doc.diagram().splitlines()
        if " --> " in line and not line.strip().startswith("[*]")
    }
    joins = {(s, "joined") for s in workflow.JOINABLE}
    assert edges == set(workflow.TRANSITIONS) | joins


def test_a_changed_rule_changes_the_page(monkeypatch: pytest.MonkeyPatch) -> None:
    key = ("received", "initial_review")
    monkeypatch.setitem(workflow.TRANSITIONS, key, dataclasses.replace(workflow.TRANSITIONS[key], note="x"))
    text = workflow_doc.DOC.read_text(encoding="utf-8")
    assert workflow_doc.render(text) != text
