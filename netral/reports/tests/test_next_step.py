"""The receipt page tells the reporter what happens next, whatever status the case is in."""

from __future__ import annotations

import pytest

from netral.cases.choices import CaseStatus
from netral.reports.selectors import NEXT_STEP


@pytest.mark.parametrize("status", CaseStatus.values)
def test_it_has_a_next_step_text_for_every_case_status(status: str) -> None:
    assert str(NEXT_STEP.get(status, "")).strip(), f"no receipt text for status {status}"
