"""Loose floors on the shared dev set; skipped when the shared folder is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

from netral_nlp.evaluate import evaluate_file, resolve_gold_region

DEV = Path(__file__).resolve().parents[2] / ".." / "shared" / "eval" / "dev.jsonl"


@pytest.mark.skipif(not DEV.exists(), reason="shared/eval/dev.jsonl not available")
def test_dev_floors() -> None:
    m = evaluate_file(DEV)
    assert m["errors"] == 0
    assert m["relevance"]["f1"] >= 0.8
    assert m["kind_accuracy"] >= 0.6
    assert m["region_accuracy"] >= 0.5
    assert m["date_accuracy"] >= 0.5


@pytest.mark.parametrize(
    ("name", "codes"),
    [
        ("Kabupaten Serang", {"36.04"}),
        ("Kab. Sinjai", {"73.07"}),
        ("Kota Banjar", {"32.79"}),
        ("Sulut", {"71"}),
        ("Bandung", {"32.04", "32.73"}),
    ],
)
def test_gold_region_resolution(name: str, codes: set[str]) -> None:
    assert resolve_gold_region(name) == codes
