"""The demo builder imports its fictional baseline (labelled as demo) and computes the index."""

from __future__ import annotations

import datetime
import random
from typing import Any

from netral.analytics.models import IKPBaseline, IndexState, RegionIndex
from netral.demo import analytics as demo


def test_it_builds_the_demo_index_with_a_labelled_baseline(cast: Any) -> None:
    from netral.demo.world import World

    world = World(rng=random.Random(1), today=datetime.date(2024, 11, 1))
    demo.build(world)
    baseline = IKPBaseline.objects.filter(edition="demo-fiktif")
    assert baseline.count() == 9 and all(b.is_demo for b in baseline)
    assert "FIKTIF" in baseline.first().source
    assert world.extra["analytics_regions"] == 552
    assert RegionIndex.objects.get(code="32.79").ikp_score is not None
    assert IndexState.objects.get(pk=1).rollup_at is not None
