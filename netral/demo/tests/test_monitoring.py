"""The demo batch builds, is analysed on the spot, and groups the viral post with its copies."""

from __future__ import annotations

import datetime
import random
from typing import Any

import pytest

from netral.accounts.choices import Role, SupervisorLevel
from netral.demo import monitoring as demo
from netral.demo.world import World
from netral.monitoring.models import Batch, Feedback, Item
from netral.testing import make_user

pytestmark = pytest.mark.django_db


def test_it_builds_the_demo_inbox(cast: Any) -> None:
    world = World(rng=random.Random(1), today=datetime.date(2024, 11, 1))
    world.users["analis_jabar"] = make_user(
        "analis_jabar", Role.ANALYST, region_code="32", level=SupervisorLevel.PROVINCE
    )
    world.users["bawaslu_jabar"] = cast.sup_prov
    demo.build(world)
    batch = Batch.objects.get(file_name="demo-pantauan.jsonl")
    assert batch.uploaded_by == world.users["analis_jabar"]
    assert batch.status == "done" and batch.total == 31 and batch.errors == 1 and batch.analysed == 30
    viral = Item.objects.filter(batch=batch, text__contains="joget di panggung").order_by("position")
    leader, *copies = list(viral)
    assert leader.duplicate_of is None and len(copies) == 3
    assert all(c.duplicate_of == leader for c in copies)
    assert batch.relevant >= 10
    assert Feedback.objects.filter(item__batch=batch).exists()
