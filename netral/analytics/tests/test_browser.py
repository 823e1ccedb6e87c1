"""Headless Chromium: the dashboard draws its charts, the map its provinces, a click opens a region."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import login
from netral.analytics import vulnerability

from .conftest import TODAY


@pytest.mark.browser
def test_it_opens_dashboard_and_map_and_clicks_a_region(
    page: Any, live_server: Any, world: Any, artifacts_dir: Path
) -> None:
    vulnerability.recompute(TODAY)
    login(page, live_server, world.cast.sup_ri.username)

    page.goto(f"{live_server.url}/statistik/")
    page.wait_for_selector("canvas[data-chart=by_status]")
    # Chart.js has drawn: the canvas got its pixel size from the chart.
    assert page.eval_on_selector("canvas[data-chart=by_status]", "c => c.width > 0 && !!Chart.getChart(c)")
    assert page.inner_text("[data-total=cases]") == "8"
    # Long category names are cut on the axis (at most 28 characters), never the data behind them.
    cut = page.evaluate(
        """() => [...document.querySelectorAll("canvas[data-chart]")].flatMap(c => {
            const chart = Chart.getChart(c);
            if (!chart || chart.config.type !== "bar") return [];
            const axis = chart.options.indexAxis === "y" ? chart.scales.y : chart.scales.x;
            return axis.ticks.map((t, i) => [String(t.label), String(chart.data.labels[i])]);
        })"""
    )
    assert cut and all(len(shown) <= 28 for shown, _ in cut)
    assert any(len(full) > 28 for _, full in cut), "the demo has long names (violation types): the cut is exercised"
    assert all(shown == full or (shown.endswith("\u2026") and full.startswith(shown[:-1])) for shown, full in cut)
    page.screenshot(path=str(artifacts_dir / "dashboard.png"), full_page=True)

    # The date filter picks whole months (what the cube answers); the URL carries YYYY-MM.
    page.fill("input[name=date_from][type=month]", "2024-10")
    page.fill("input[name=date_to][type=month]", "2024-11")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**date_from=2024-10**")
    assert "date_to=2024-11" in page.url
    assert page.input_value("input[name=date_from]") == "2024-10"
    page.wait_for_selector("[data-total=cases]")

    page.goto(f"{live_server.url}/statistik/peta/")
    page.wait_for_selector("#leaflet-map[data-ready='1']")
    assert page.locator("#leaflet-map path.leaflet-interactive").count() == 34
    assert page.locator("svg.tilegrid a").count() == 38
    page.screenshot(path=str(artifacts_dir / "map.png"), full_page=True)

    page.click("svg.tilegrid a[data-code='32']")
    page.wait_for_selector("h1[data-region='32']")
    assert page.get_attribute("[data-category]", "data-category") == "high"
    assert "Masukan perhitungan" in page.content()
    page.click("table[data-figure=index] a[href='/statistik/wilayah/32.79/']")
    page.wait_for_selector("h1[data-region='32.79']")
