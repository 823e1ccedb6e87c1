"""The demo world puts cases in every status and every queue, through the real services."""

from __future__ import annotations

import pytest

from netral.cases.choices import CaseStatus
from netral.cases.models import Case, CaseTransition
from netral.cases.selectors import queue_for
from netral.core.models import ObjectChange

pytestmark = pytest.mark.django_db


def test_it_builds_cases_in_every_status_and_queue():
    from netral.demo.world import build_world

    world = build_world(seed=7)
    present = set(Case.objects.values_list("status", flat=True))
    assert set(CaseStatus.values) <= present, set(CaseStatus.values) - present
    for username in ("bawaslu_banjar", "bkn", "ppk_banjar", "ppk_purwakarta"):
        rows = list(queue_for(world.users[username]))
        assert rows, username
        from django.utils import timezone

        now = timezone.now()
        states = {c.deadline_at < now for c in rows if c.deadline_at}
        assert states == {True, False}, username  # some overdue, some with days left
    assert CaseTransition.objects.filter(to_status="recommended").exclude(user=None).exists()
    assert ObjectChange.objects.filter(object_type="cases.case", action="update").exists()


@pytest.mark.parametrize("seed", range(1, 13))
def test_every_case_past_the_recommendation_names_a_confirmed_pns_with_an_18_digit_nip(seed):
    """For several seeds: the letter has a NIP to print, and no PPPK meets a PNS-only sanction."""
    from netral.cases.selectors import accused_identity
    from netral.demo.world import build_world

    build_world(seed=seed)
    past = Case.objects.exclude(recommended_at=None).select_related("asn__agency", "sanction_level__track")
    assert past.exists()
    for case in past:
        identity = accused_identity(case)
        assert identity["confirmed"], case.number
        assert len(identity["nip"]) == 18 and identity["nip"].isdigit(), case.number
        assert case.sanction_level.track.employment in ("ALL", case.asn.employment_type), case.number
