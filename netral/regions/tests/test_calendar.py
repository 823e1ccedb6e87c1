"""Election calendars: the page (stages on a time axis, vulnerable ones marked, today marked),
the 2029 elections as provisional data, an administrator's edit that the loader keeps, and the
demo's election (a real calendar moved in time)."""

from __future__ import annotations

import datetime
import json
import re
from typing import Any

import pytest
import time_machine
from django.test import Client

from netral.core.models import ObjectChange
from netral.regions.calendar import stage_at
from netral.regions.models import Election, Stage
from netral.regions.services import load_election, reference_dir, rehearsal_copy

pytestmark = pytest.mark.django_db


def test_pemilu_and_pilkada_2029_are_loaded_as_provisional() -> None:
    for code in ("pemilu2029", "pilkada2029"):
        election = Election.objects.get(code=code)
        assert election.provisional and election.year == 2029
        assert election.stages.exists() and not election.stages.filter(provisional=False).exists()
        assert election.stages.filter(vulnerable=True).exists()
        assert "MK 135/PUU-XXII/2025" in election.note
    assert Election.objects.get(code="pilkada2029").contests.count() == 545
    assert not Election.objects.get(code="pilkada2024").provisional


@time_machine.travel(datetime.datetime(2024, 11, 1, 10, 0, tzinfo=datetime.UTC), tick=False)
def test_the_calendar_page_marks_today_and_the_vulnerable_stages() -> None:
    html = Client().get("/pemilihan/pilkada2024/").content.decode()
    assert 'id="today-marker"' in html
    assert 'id="current-stage">Kampanye<' in html
    assert html.count("stage now vulnerable") >= 1  # the campaign bar, highlighted and current
    assert "stage past" in html and "stage future" in html
    # SVG coordinates are plain numbers whatever the language ("12,5" would break every bar)
    assert re.search(r'<rect x="[0-9.]+" y="[0-9]+" width="[0-9.]+"', html)
    assert not re.search(r'x="[0-9]+,[0-9]', html)
    listing = Client().get("/pemilihan/").content.decode()
    assert "pemilu2029" in listing and "sementara" in listing


@time_machine.travel(datetime.datetime(2026, 12, 4, 10, 0, tzinfo=datetime.UTC), tick=False)
def test_a_calendar_that_does_not_hold_today_has_no_marker() -> None:
    html = Client().get("/pemilihan/pilkada2024/").content.decode()
    assert 'id="today-marker"' not in html and "di luar tahapan" in html


def test_an_administrator_edits_a_calendar_and_the_reference_file_no_longer_overwrites_it(cast: Any) -> None:
    election = Election.objects.get(code="pemilu2029")
    stages = list(election.stages.order_by("start", "order"))
    c = Client()
    c.force_login(cast.admin)
    data: dict[str, Any] = {
        "e-name_id": election.name_id,
        "e-name_en": election.name_en,
        "e-voting_date": "2029-04-18",
        "e-regulation": "PKPU (uji)",
        "e-provisional": "on",
        "s-TOTAL_FORMS": str(len(stages) + 1),
        "s-INITIAL_FORMS": str(len(stages)),
        "s-MIN_NUM_FORMS": "0",
        "s-MAX_NUM_FORMS": "1000",
    }
    for i, s in enumerate(stages):
        data.update(
            {
                f"s-{i}-id": str(s.pk),
                f"s-{i}-code": s.code,
                f"s-{i}-name_id": s.name_id,
                f"s-{i}-name_en": s.name_en,
                f"s-{i}-start": s.start.isoformat(),
                f"s-{i}-end": s.end.isoformat(),
                f"s-{i}-triage_stage": s.triage_stage,
            }
        )
        if s.vulnerable:
            data[f"s-{i}-vulnerable"] = "on"
    kampanye = next(i for i, s in enumerate(stages) if s.code == "kampanye")
    data[f"s-{kampanye}-end"] = "2029-04-14"
    data[f"s-{kampanye}-provisional"] = "on"
    n = len(stages)
    data.update(
        {
            f"s-{n}-code": "debat",
            f"s-{n}-name_id": "Debat",
            f"s-{n}-name_en": "Debates",
            f"s-{n}-start": "2029-01-10",
            f"s-{n}-end": "2029-02-10",
            f"s-{n}-triage_stage": "kampanye",
        }
    )
    response = c.post("/pemilihan/pemilu2029/ubah/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    election.refresh_from_db()
    assert election.voting_date == datetime.date(2029, 4, 18) and election.edited_at is not None
    assert election.stages.get(code="kampanye").end == datetime.date(2029, 4, 14)
    assert election.stages.filter(code="debat").exists()
    assert ObjectChange.objects.filter(object_type="regions.stage", action="update").count() >= 1
    assert ObjectChange.objects.filter(object_type="regions.stage", action="create").count() == 1
    assert ObjectChange.objects.filter(object_type="regions.election", object_id=str(election.pk)).exists()
    # re-running the reference loader keeps the administrator's calendar
    load_election(json.loads((reference_dir() / "elections" / "pemilu2029.json").read_text()))
    election.refresh_from_db()
    assert election.voting_date == datetime.date(2029, 4, 18)
    assert election.stages.get(code="kampanye").end == datetime.date(2029, 4, 14)


def test_a_stage_that_ends_before_it_starts_is_refused_and_nothing_is_saved(cast: Any) -> None:
    election = Election.objects.get(code="pilkada2029")
    stage = election.stages.order_by("start").first()
    assert stage is not None
    c = Client()
    c.force_login(cast.admin)
    data = {
        "e-name_id": election.name_id,
        "e-name_en": election.name_en,
        "e-voting_date": "2030-01-01",
        "s-TOTAL_FORMS": "1",
        "s-INITIAL_FORMS": "1",
        "s-MIN_NUM_FORMS": "0",
        "s-MAX_NUM_FORMS": "1000",
        "s-0-id": str(stage.pk),
        "s-0-code": stage.code,
        "s-0-name_id": stage.name_id,
        "s-0-name_en": stage.name_en,
        "s-0-start": "2029-05-01",
        "s-0-end": "2029-04-01",
    }
    response = c.post("/pemilihan/pilkada2029/ubah/", data)
    assert response.status_code == 200 and "sebelum tanggal mulai" in response.content.decode()
    election.refresh_from_db()
    assert election.voting_date == datetime.date(2029, 11, 27) and election.edited_at is None


@pytest.mark.parametrize("who", ["sup_ri", "bkn", "ppk_a"])
def test_only_administrators_edit_a_calendar(cast: Any, who: str) -> None:
    c = Client()
    c.force_login(getattr(cast, who))
    assert c.get("/pemilihan/pemilu2029/ubah/").status_code == 404
    assert "Ubah kalender" not in c.get("/pemilihan/pemilu2029/").content.decode()


def test_the_demo_election_is_a_real_calendar_moved_so_that_today_sits_in_it() -> None:
    today = datetime.date(2026, 12, 4)
    demo = rehearsal_copy("pilkada2024", code="demo-uji", voting_date=today - datetime.timedelta(days=3))
    source = Election.objects.get(code="pilkada2024")
    assert demo.stages.count() == source.stages.count() and demo.is_demo
    assert (demo.voting_date - source.voting_date).days == demo.data["offset_days"]
    stages = {stage_at(demo, today - datetime.timedelta(days=d)).code for d in (0, 3, 5, 20)}  # type: ignore[union-attr]
    assert stages == {"rekapitulasi", "pemungutan", "masa-tenang", "kampanye"}
    assert Stage.objects.filter(election=demo, vulnerable=True).count() == source.stages.filter(vulnerable=True).count()
    assert demo.contests.count() == 545
