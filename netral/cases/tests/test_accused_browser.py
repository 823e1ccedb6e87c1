"""A supervisor confirms the accused as a registry person on the case page, in headless Chromium."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from conftest import login
from netral.cases.models import Case
from netral.cases.tests.helpers import make_case
from netral.cases.tests.test_accused import person

DOCS_IMG = Path(__file__).resolve().parents[3] / "docs" / "img"


@pytest.mark.browser
def test_a_supervisor_confirms_the_accused_on_the_case_page(
    page: Any, live_server: Any, cast: Any, artifacts_dir: Path
) -> None:
    dedi = person(cast.agency_a, "Dr. Dedi Situmorang, M.Si", "197805122005011002", "32.79")
    person(cast.agency_b, "Dedi Situmorang", "197901012005011004", "32.14")  # another region: never offered
    case = make_case(agency=cast.agency_a, name="Dedi Situmorang")
    login(page, live_server, cast.sup_a.username)
    page.goto(f"{live_server.url}/perkara/{case.number}/")
    panel = page.locator("#case-accused")
    assert "197805122005011002" in panel.text_content()
    assert "197901012005011004" not in panel.text_content()
    page.check(f"#accused-{dedi.pk}")
    page.click("#case-accused-confirm-button")
    page.wait_for_selector("#case-accused-nip")
    assert page.text_content("#case-accused-nip").strip() == "19780512 200501 1 002"
    assert "Dikonfirmasi" in page.text_content("#case-accused-status")
    page.locator("#case-accused").screenshot(path=str(artifacts_dir / "case-accused-confirmed.png"))
    if os.environ.get("NETRAL_DOCS_SCREENSHOTS"):
        page.screenshot(path=str(DOCS_IMG / "case-accused-confirmed.png"), full_page=True)
    saved = Case.objects.get(pk=case.pk)
    assert saved.accused_status == "confirmed" and saved.asn_id == dedi.pk and saved.accused_by == cast.sup_a
