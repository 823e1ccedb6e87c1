"""An analyst pastes a text and finds it in the inbox with its evidence highlighted."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import login
from netral.monitoring.models import Item
from netral.monitoring.tests.conftest import BANJAR


@pytest.mark.browser
def test_it_takes_a_pasted_text_to_the_inbox(page: Any, live_server: Any, cast: Any, artifacts_dir: Path) -> None:
    login(page, live_server, cast.analyst_a.username)
    page.goto(f"{live_server.url}/pemantauan/unggah/")
    page.fill("#id_title", "Camat ikut kampanye di Kota Banjar")
    page.fill("#id_text", "<b>Unggahan warga:</b> " + BANJAR)
    page.click("button:has-text('Kirim untuk dianalisis')")
    page.wait_for_url("**/pemantauan/kiriman/*/")
    assert page.is_visible("text=Selesai")

    page.goto(f"{live_server.url}/pemantauan/?kind=violation")
    item = Item.objects.get(title="Camat ikut kampanye di Kota Banjar")
    row = page.locator(f"#item-{item.pk}")
    row.wait_for()
    assert row.locator("mark").count() >= 2
    assert "Kota Banjar" in row.locator("mark").all_inner_texts() or row.locator("mark[title*=wilayah]").count()
    assert "<b>Unggahan warga:</b>" in row.inner_text()  # shown as text, not markup
    page.screenshot(path=str(artifacts_dir / "monitoring-inbox.png"), full_page=True)

    # Feedback through htmx without leaving the page; the analyst has no finding button.
    page.click(f"#item-{item.pk} h2 a")
    assert page.locator("#make-finding").count() == 0
    page.click("button[value=confirm]")
    page.wait_for_selector("text=Umpan balik tersimpan")
    item.refresh_from_db()
    assert item.review == "confirm"
