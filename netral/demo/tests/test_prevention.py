"""The demo builder produces texts, circulars (one agency without), events, signatures, venues."""

from __future__ import annotations

import datetime
import random

import pytest

from netral.agencies.models import Agency
from netral.demo import personnel as personnel_demo
from netral.demo import prevention as demo
from netral.demo.world import World, build_foundation
from netral.prevention import coverage, services
from netral.prevention.models import (
    ApprovedVenue,
    Circular,
    EventAttendee,
    PledgeEvent,
    PledgeSignature,
    PledgeText,
    PreventionActivity,
    ReminderSent,
    SigningCode,
)
from netral.prevention.reminders import due_reminders
from netral.prevention.services import verify_signature

pytestmark = pytest.mark.django_db


def test_it_builds_the_demo():
    world = World(rng=random.Random(7), today=datetime.date(2024, 10, 1))
    build_foundation(world)
    personnel_demo.build(world)
    demo.build(world)
    assert set(PledgeText.objects.values_list("kind", "version")) == {("ikrar", 1), ("ikrar", 2), ("pakta", 1)}
    assert not Circular.objects.filter(agency__code=demo.WITHOUT_CIRCULAR).exists()
    assert Circular.objects.count() >= 6
    assert PledgeEvent.objects.exists() and PreventionActivity.objects.filter(kind="apel_siaga").exists()
    assert EventAttendee.objects.exists()
    signature = PledgeSignature.objects.first()
    assert signature is not None and verify_signature(signature.signature_hash) == signature
    assert ApprovedVenue.objects.filter(decree__region_code="32.79").count() == len(demo.VENUES)
    assert ReminderSent.objects.filter(agency__code=demo.WITHOUT_CIRCULAR, kind="no_circular").exists()
    due = due_reminders(world.election, datetime.date(2024, 9, 15))
    assert demo.WITHOUT_CIRCULAR in {r.agency.code for r in due if r.kind == "no_circular"}
    rows = coverage.coverage_by_agency(world.election, Agency.objects.filter(code="pemda-32.79"))
    assert rows[0].asn_total > 0 and 0 < rows[0].covered <= rows[0].asn_total
    # The documented demo codes work for their agency's ASN; the Banyuasin one is flagged.
    assert SigningCode.objects.count() == len(demo.DEMO_CODES)
    banjar = next(a for a in world.extra["asn"] if a.agency.code == "pemda-32.79" and a.active)
    grant = services.authorise_signer(banjar.identifier, banjar.birth_date, demo.DEMO_CODES["pemda-32.79"])
    assert grant.asn == banjar and grant.code.label.endswith(demo.DEMO_CODES["pemda-32.79"])
    assert PledgeSignature.objects.filter(signing_code__isnull=False).exists()
    assert SigningCode.objects.get(agency__code=demo.FLAGGED_CODE_AGENCY).failures >= services.code_failure_flag()
    # Building twice does not duplicate.
    before = (Circular.objects.count(), PledgeEvent.objects.count(), PledgeSignature.objects.count())
    demo.build(world)
    assert (Circular.objects.count(), PledgeEvent.objects.count()) == before[:2]
    assert SigningCode.objects.count() == len(demo.DEMO_CODES)
