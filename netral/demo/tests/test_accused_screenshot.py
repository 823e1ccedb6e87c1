"""On the demo world: a Kota Banjar case past the BKN recommendation shows its confirmed person.

With NETRAL_DOCS_SCREENSHOTS=1 it also writes docs/img/case-accused-confirmed.png.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from conftest import login

DOCS_IMG = Path(__file__).resolve().parents[3] / "docs" / "img"


@pytest.mark.browser
def test_the_demo_case_page_shows_the_confirmed_person(page: Any, live_server: Any) -> None:
    from netral.cases.models import Case
    from netral.demo.world import DEMO_PASSWORD, build_world

    build_world(seed=2024)
    past = Case.objects.filter(region_code__startswith="32.79", accused_status="confirmed").exclude(recommended_at=None)
    cases = list(past.select_related("asn"))
    assert cases and all(c.asn is not None for c in cases)
    # the picture shows one whose registry name matches the name as written, when there is one
    case = next((c for c in cases if c.accused_name.split()[0].lower() in c.asn.name.lower()), cases[0])
    login(page, live_server, "bawaslu_banjar", DEMO_PASSWORD)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/perkara/{case.number}/#case-accused")
    nip = page.text_content("#case-accused-nip").replace(" ", "")
    assert nip == case.asn.identifier and len(nip) == 18
    if os.environ.get("NETRAL_DOCS_SCREENSHOTS"):
        page.locator("#case-accused").scroll_into_view_if_needed()
        page.screenshot(path=str(DOCS_IMG / "case-accused-confirmed.png"))
