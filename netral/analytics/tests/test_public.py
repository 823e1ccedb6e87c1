"""Open data: aggregated, small counts suppressed, no hidden cell recoverable from a total."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from netral.analytics import public, suppression


def test_it_suppresses_small_counts_and_one_complement_per_line() -> None:
    cells = {"a": 2, "b": 7, "c": 12, "T": 21}
    primary, complementary = suppression.suppress(cells, [(["a", "b", "c"], "T")], k=5)
    assert primary == {"a"}
    assert complementary == {"b"}  # the smallest published member: a alone = 21 − 7 − 12
    shown = suppression.display(cells, primary, complementary, k=5)
    assert shown == {"a": "<5", "b": "s", "c": 12, "T": 21}


def test_it_leaves_lines_with_two_hidden_cells_alone() -> None:
    cells = {"a": 1, "b": 3, "c": 9, "T": 13}
    primary, complementary = suppression.suppress(cells, [(["a", "b", "c"], "T")], k=5)
    assert primary == {"a", "b"} and complementary == set()


def test_it_propagates_suppression_across_crossing_lines() -> None:
    # 2×2 table with row and column totals: hiding x11 forces one more in its row and column,
    # and then in the lines those touch, until no line has exactly one hidden cell.
    cells = {"x11": 3, "x12": 10, "x21": 20, "x22": 30, "r1": 13, "r2": 50, "c1": 23, "c2": 40, "T": 63}
    lines = [
        (["x11", "x12"], "r1"),
        (["x21", "x22"], "r2"),
        (["x11", "x21"], "c1"),
        (["x12", "x22"], "c2"),
        (["r1", "r2"], "T"),
        (["c1", "c2"], "T"),
    ]
    primary, complementary = suppression.suppress(cells, lines, k=5)
    hidden = primary | complementary
    assert primary == {"x11"} and len(complementary) >= 3
    for members, total in lines:
        assert sum(1 for e in [*members, total] if e in hidden) != 1


def test_it_publishes_only_suppressed_aggregates(world: Any) -> None:
    table = public.table()
    rows = {r["code"]: r for r in table["rows"]}
    # cases: Jawa Barat 6, Sumatera Selatan 2 (<5), national 8: 6 must be hidden too, or 8 − 6 = 2.
    assert rows["16"]["values"]["cases"] == "<5"
    assert rows["32"]["values"]["cases"] == "s"
    assert rows["ID"]["values"]["cases"] == 8
    assert rows["11"]["values"]["cases"] == 0
    # recommendations in Jawa Barat: 4 received (1 carried out, 1 refused, 1 overdue, 1 pending): all small
    assert rows["32"]["values"]["received"] == "<5"
    assert rows["32"]["rate"] is None  # its parts are hidden, so is the rate
    for line_members, total in public.lines(sorted(r for r in rows if r != "ID")):
        hidden = [e for e in [*line_members, total] if rows[e[0]]["values"][e[1]] in ("<5", "s")]
        assert len(hidden) != 1


def test_the_national_row_always_has_its_compliance_rate(world: Any) -> None:
    cells = public.raw_table()
    decided = cells[("ID", "received")] - cells[("ID", "pending")]
    assert decided > 0
    rows = {r["code"]: r for r in public.table()["rows"]}
    assert rows["ID"]["rate"] == pytest.approx(cells[("ID", "carried_out")] / decided)
    assert (
        rows["ID"]["values"]["received"] in ("<5", "s") or rows["ID"]["values"]["received"] == cells[("ID", "received")]
    )
    page = Client().get("/statistik/publik/").content.decode()
    national = page[page.index('data-code="ID"') :]
    national = national[: national.index("</tr>")]
    assert "%" in national


def test_it_shows_the_public_page_and_open_data_without_an_account(world: Any) -> None:
    c = Client()
    page = c.get("/statistik/publik/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "T-1" not in body and "Nama Uji" not in body and "Banjar" not in body
    response = c.get("/statistik/publik/data-terbuka.csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    header, *lines = text.strip().splitlines()
    assert header.startswith("kode_provinsi,nama_provinsi,reports,cases,violations,received")
    assert len(lines) == 39  # 38 provinces + national
    assert "16,Sumatera Selatan,<5,<5," in text
    assert "T-" not in text and "pemkot" not in text
    assert c.get("/statistik/publik/kamus-data/").status_code == 200
