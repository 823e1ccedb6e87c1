"""The demo builder: about forty reports and findings, each with its case."""

from __future__ import annotations

import datetime
import random

import pytest

from netral.demo import reports as demo
from netral.demo.world import World, build_foundation
from netral.reports.models import Evidence, Report

pytestmark = pytest.mark.django_db


def test_it_builds_reports_and_findings_with_cases() -> None:
    world = World(rng=random.Random(7), today=datetime.date.today())
    build_foundation(world)
    demo.build(world)
    reports = world.extra["reports"]
    assert len(reports) == 40
    assert Report.objects.filter(case__isnull=True).count() == 0
    assert Report.objects.filter(kind="temuan").count() >= 10
    assert Report.objects.filter(identity="anonymous", kind="laporan").exists()
    assert Report.objects.filter(is_late=True).exists()
    assert Report.objects.filter(initial_information=False).exists()
    assert Evidence.objects.filter(kind="image").exclude(display_path="").exists()
    assert {r.region_code for r in reports} == {r.code for r in world.regencies}
