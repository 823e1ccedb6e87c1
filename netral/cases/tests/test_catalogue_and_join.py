"""The sanction catalogue as data (idempotent loading, disputed mappings, PPPK vocabulary) and joining cases."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from netral.cases.catalogue import DEFAULT_PATH, CatalogueError, allowed_levels, load_sanctions
from netral.cases.models import Case, CaseTransition, SanctionLevel, SanctionTrack, ViolationMapping, ViolationType
from netral.cases.services import TransitionRefused
from netral.cases.tests.helpers import make_case, walk
from netral.core.audit import history
from netral.reports.models import Report
from netral.reports.services import join_cases

pytestmark = pytest.mark.django_db


def test_it_has_the_catalogue_in_a_fresh_database() -> None:
    codes = set(ViolationType.objects.values_list("code", flat=True))
    assert {f"KE-0{i}" for i in range(1, 8)} <= codes
    assert {f"D-{i:02d}" for i in range(1, 14)} <= codes
    assert {f"PP94-5N-{i}" for i in range(1, 8)} <= codes
    assert SanctionLevel.objects.filter(track__code="disiplin-pns", severity="moderate").count() == 3
    assert set(
        SanctionLevel.objects.filter(severity="heavy", track__code="disiplin-pns").values_list("months", flat=True)
    ) == {12, None}


def test_it_loads_idempotently() -> None:
    before = (ViolationType.objects.count(), SanctionLevel.objects.count(), ViolationMapping.objects.count())
    out = io.StringIO()
    call_command("load_sanctions", stdout=out)
    call_command("load_sanctions", stdout=out)
    assert (ViolationType.objects.count(), SanctionLevel.objects.count(), ViolationMapping.objects.count()) == before
    assert "27 violation types" in out.getvalue()


def test_it_keeps_disputed_mappings_configurable(tmp_path: Path) -> None:
    d03 = ViolationType.objects.get(code="D-03")
    mapping = d03.mappings.get()
    assert mapping.default_level is not None
    assert mapping.disputed and mapping.default_level.code == "sedang-tukin-12"
    codes = {lv.code for lv in allowed_levels(d03)}
    assert {"sedang-tukin-6", "berat-turun-jabatan", "berat-pdhtaps"} <= codes and "ptdh" not in codes
    # a type in both SKB tables may go either way; the recommending body chooses
    d01 = ViolationType.objects.get(code="D-01")
    assert {m.track.code for m in d01.mappings.all()} == {"disiplin-pns", "etik"}
    # editing the JSON changes the mapping without code: D-03 becomes heavy only
    data = json.loads(DEFAULT_PATH.read_text())
    for vt in data["types"]:
        if vt["code"] == "D-03":
            vt["mappings"] = [{"track": "disiplin-pns", "allowed": "heavy", "default": "berat-turun-jabatan"}]
    path = tmp_path / "sanctions.json"
    path.write_text(json.dumps(data))
    load_sanctions(path)
    assert "sedang-tukin-12" not in {lv.code for lv in allowed_levels(d03)}
    assert not d03.mappings.get().disputed


def test_it_refuses_an_inconsistent_catalogue(tmp_path: Path) -> None:
    data = json.loads(DEFAULT_PATH.read_text())
    data["types"][0]["mappings"][0]["default"] = "ptdh"  # a discipline level on the ethics track
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    with pytest.raises(CatalogueError):
        load_sanctions(path)


def test_it_uses_the_pppk_vocabulary_for_pppk(cast: Any) -> None:
    d07 = ViolationType.objects.get(code="D-07")
    pppk = {lv.code for lv in allowed_levels(d07, "PPPK")}
    assert "pppk-berat-phk-hormat" in pppk and "berat-turun-jabatan" not in pppk
    assert "moral-terbuka" in pppk  # the ethics track applies to every ASN
    counterpart = SanctionTrack.objects.get(code="disiplin-pns").pppk_counterpart
    assert counterpart is not None and counterpart.code == "disiplin-pppk"


def test_it_joins_reports_of_one_incident_into_one_case(cast: Any) -> None:
    target = make_case(agency=cast.agency_a)
    a = make_case(agency=cast.agency_a)
    b = walk(make_case(agency=cast.agency_a), [("initial_review", cast.sup_a, {})])
    join_cases(target, [a, b], user=cast.sup_a, reason="Kejadian dan terlapor sama")
    for other in (a, b):
        other.refresh_from_db()
        assert other.status == "joined" and other.merged_into_id == target.pk and other.deadline_at is None
        assert CaseTransition.objects.filter(case=other, to_status="joined").exists()
        assert history(other).filter(action="update").exists()
    assert Report.objects.filter(case=target).count() == 3
    assert CaseTransition.objects.filter(case=target, data__joined=a.number).exists()


def test_it_joins_only_within_the_supervisors_scope_and_with_a_reason(cast: Any) -> None:
    target = make_case(agency=cast.agency_a)
    foreign = make_case(region_code="32.14", agency=cast.agency_b)
    mine = make_case(agency=cast.agency_a)
    with pytest.raises(TransitionRefused, match="di luar wilayah"):
        join_cases(target, [foreign], user=cast.sup_a, reason="sama")
    with pytest.raises(TransitionRefused):
        join_cases(target, [mine], user=cast.sup_a, reason="  ")
    with pytest.raises(TransitionRefused):
        join_cases(target, [mine], user=cast.bkn, reason="sama")
    foreign.refresh_from_db()
    mine.refresh_from_db()
    assert foreign.status == mine.status == "received"
    assert Case.objects.get(pk=target.pk).status == "received"


def test_it_does_not_join_decided_cases(cast: Any) -> None:
    target = make_case(agency=cast.agency_a)
    decided = walk(
        make_case(agency=cast.agency_a),
        [
            ("initial_review", cast.sup_a, {}),
            ("registered", cast.sup_a, {"registration_number": "9"}),
            ("not_violation", cast.sup_a, {}),
        ],
    )
    with pytest.raises(TransitionRefused, match="tidak dapat digabungkan"):
        join_cases(target, [decided], user=cast.sup_a, reason="sama")
