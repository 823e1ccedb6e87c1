"""docs/cases.md lists every move the workflow table allows, and nothing else."""

from __future__ import annotations

import re
from pathlib import Path

from netral.cases.workflow import TRANSITIONS

DOC = Path(__file__).resolve().parents[3] / "docs" / "cases.md"


def test_it_documents_every_transition():
    rows = set(re.findall(r"^\| (\w+) \| (\w+) \| ", DOC.read_text(encoding="utf-8"), flags=re.M))
    documented = {(a, b) for a, b in rows if a not in ("From", "Rule", "Status", "URL")}
    assert documented == set(TRANSITIONS)
