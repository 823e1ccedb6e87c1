"""The legal intake rules, at their edges (pure functions, no database)."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.utils import timezone

from netral.reports import requirements as rq

KNOWN = datetime.date(2024, 10, 1)


def complete(**kw: object) -> rq.Facts:
    base: dict[str, object] = {
        "reporter_name": "Siti",
        "reporter_address": "Jl. Mawar 3",
        "subject_name": "Bambang",
        "subject_agency": "Pemerintah Kota Banjar",
        "known_on": KNOWN,
        "occurred_on": KNOWN,
        "place": "Balai desa",
        "has_region": True,
        "description": "Camat hadir di kampanye pasangan calon nomor 2 dan berpidato mengajak memilih.",
        "evidence_count": 1,
    }
    base.update(kw)
    return rq.Facts(**base)  # type: ignore[arg-type]


def test_it_accepts_a_complete_report_on_day_seven() -> None:
    outcome = rq.check(complete(), KNOWN + datetime.timedelta(days=7), 7)
    assert outcome.complete
    assert not outcome.is_late
    assert outcome.window_end == datetime.date(2024, 10, 8)


def test_it_flags_day_eight_as_late() -> None:
    outcome = rq.check(complete(), KNOWN + datetime.timedelta(days=8), 7)
    assert outcome.is_late
    assert outcome.formal_codes == ["late"]
    assert outcome.initial_information
    assert "terlambat 1 hari" in outcome.formal[0].message


def test_it_uses_the_configured_window() -> None:
    assert not rq.is_late(KNOWN, KNOWN + datetime.timedelta(days=10), 10)
    assert rq.is_late(KNOWN, KNOWN + datetime.timedelta(days=11), 10)


def test_it_counts_calendar_days_in_local_time_with_a_frozen_clock() -> None:
    # The legal day is the Jakarta day: 23:59 WIB on the 8th is still on time, 00:01 on the 9th is not.
    wib = ZoneInfo("Asia/Jakarta")
    with time_machine.travel(datetime.datetime(2024, 10, 8, 23, 59, tzinfo=wib), tick=False):
        assert not rq.is_late(KNOWN, timezone.localdate(), 7)
    with time_machine.travel(datetime.datetime(2024, 10, 9, 0, 1, tzinfo=wib), tick=False):
        assert rq.is_late(KNOWN, timezone.localdate(), 7)


def test_it_treats_an_anonymous_report_as_missing_the_reporter() -> None:
    outcome = rq.check(complete(anonymous=True, reporter_name="", reporter_address=""), KNOWN, 7)
    assert outcome.formal_codes == ["reporter_anonymous"]
    assert outcome.initial_information


def test_it_lists_each_missing_formal_item() -> None:
    facts = complete(reporter_name=" ", reporter_address="", subject_name="", subject_agency="", known_on=None)
    assert rq.check(facts, KNOWN, 7).formal_codes == [
        "reporter_name",
        "reporter_address",
        "subject_name",
        "subject_address",
        "known_on",
    ]


def test_it_accepts_an_address_instead_of_an_agency() -> None:
    assert rq.check(complete(subject_agency="", subject_address="Desa Sukamaju RT 2"), KNOWN, 7).complete


def test_it_lists_each_missing_material_item() -> None:
    facts = complete(occurred_on=None, place="", description="pendek", evidence_count=0)
    assert rq.check(facts, KNOWN, 7).material_codes == ["occurred_on", "place", "description", "evidence"]


def test_it_needs_a_region_as_well_as_a_place_name() -> None:
    assert rq.check(complete(has_region=False), KNOWN, 7).material_codes == ["place"]


def test_it_does_not_ask_a_finding_for_a_reporter() -> None:
    outcome = rq.check(complete(is_finding=True, reporter_name="", reporter_address=""), KNOWN, 7)
    assert outcome.complete


def test_it_gives_indonesian_messages_with_codes() -> None:
    outcome = rq.check(complete(evidence_count=0), KNOWN, 7)
    assert outcome.material[0].code == "evidence"
    assert "bukti" in outcome.material[0].message.lower()
    assert set(rq.LABELS) >= {m.code for m in rq.check(rq.Facts(anonymous=True), KNOWN, 7).formal}
