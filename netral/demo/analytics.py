"""Demo data of analytics: a fictional IKP baseline for the demo regions, then the index and rollup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from netral.analytics import rollup, services, vulnerability

DEMO_IKP = Path(__file__).resolve().parent / "data" / "ikp_demo_fiktif.csv"
DEMO_EDITION = "demo-fiktif"


def build(world: Any) -> None:
    """Import the fictional IKP baseline (labelled demo) and compute the index for the demo data."""
    services.import_ikp(
        DEMO_IKP.read_text(encoding="utf-8"),
        DEMO_EDITION,
        source="DATA DEMO FIKTIF — bukan angka IKP Bawaslu",
        demo=True,
    )
    world.extra["analytics_regions"] = vulnerability.recompute(world.today)
    world.extra["analytics_rollup_rows"] = rollup.refresh()
