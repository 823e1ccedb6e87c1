"""Every path of the case chain, the refusals, and the audit trail."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from netral.cases.choices import CaseStatus
from netral.cases.models import Case, CaseTransition
from netral.cases.services import TransitionRefused, transition_case
from netral.cases.tests.helpers import make_case, to_recommended, to_violation, walk
from netral.core.audit import history

pytestmark = pytest.mark.django_db


def statuses(case: Case) -> list[str]:
    return list(CaseTransition.objects.filter(case=case).values_list("to_status", flat=True))


def test_it_walks_violation_to_bkn_to_sanction_to_closed(cast: Any) -> None:
    case = make_case(agency=cast.agency_a)
    case = to_recommended(case, cast)
    assert case.recommending_body == "BKN" and case.route == "bkn"
    assert case.deadline_rule == "ppk_followup"
    assert [vt.code for vt in case.violation_types.all()] == ["D-07"]
    case = walk(
        case,
        [
            (
                "sanctioned",
                cast.ppk_a,
                {"decree_number": "800/123/BKPSDM/2024", "decree_date": datetime.date(2024, 12, 2)},
            ),
            ("closed", cast.bkn, {}),
        ],
    )
    assert case.status == CaseStatus.CLOSED and case.deadline_at is None
    assert statuses(case) == [
        "received",
        "initial_review",
        "registered",
        "violation",
        "forwarded_bkn",
        "bkn_verification",
        "recommended",
        "sanctioned",
        "closed",
    ]
    # every change audited, with before/after
    changes = list(history(case))
    assert len(changes) == 9
    assert any(
        c.prechange
        and c.postchange
        and c.prechange["status"] == "recommended"
        and c.postchange["status"] == "sanctioned"
        for c in changes
    )


def test_it_walks_refusal_to_reprimand_and_data_block_to_closed(cast: Any) -> None:
    case = to_recommended(make_case(agency=cast.agency_a), cast)
    case = walk(
        case,
        [
            ("refused", cast.ppk_a, {"reason": "PPK menilai bukti kurang"}),
            ("follow_up", cast.bkn, {"follow_up_action": "reprimand"}),
        ],
    )
    assert case.deadline_rule == "ppk_after_reprimand" and case.reprimanded_at is not None
    # SIASN blocks a NIP: the accused is confirmed as a registry person first
    from netral.cases.services import confirm_accused
    from netral.personnel.models import ASN

    asn = ASN.objects.create(
        identifier="197805122005011002",
        employment_type="PNS",
        name="Budi Contoh",
        name_normalized="budi contoh",
        agency=cast.agency_a,
        region_code="32.79",
    )
    case = confirm_accused(case, asn.pk, user=cast.sup_a)
    case = walk(case, [("follow_up", cast.bkn, {"follow_up_action": "data_block"})])
    assert case.data_blocked is True and case.deadline_at is None
    case = walk(
        case,
        [
            ("sanctioned", cast.ppk_a, {"decree_number": "800/9/2024", "decree_date": timezone.localdate()}),
            ("follow_up", cast.bkn, {"follow_up_action": "unblock"}),
            ("closed", cast.bkn, {}),
        ],
    )
    assert case.data_blocked is False and case.status == "closed"


@pytest.mark.parametrize("reason", ["late", "formal", "material"])
def test_it_records_not_registered_with_its_reason(cast: Any, reason: str) -> None:
    case = make_case(known_on=timezone.localdate())
    case = walk(
        case, [("initial_review", cast.sup_a, {}), ("not_registered", cast.sup_a, {"not_registered_reason": reason})]
    )
    assert case.status == "not_registered" and case.not_registered_reason == reason
    if reason == "late":
        assert case.deadline_at is None
        with pytest.raises(TransitionRefused, match="7 hari"):
            transition_case(case, "initial_review", user=cast.sup_a, reason="dilengkapi")
    else:
        assert case.deadline_rule == "report_window"
        case = transition_case(case, "initial_review", user=cast.sup_a, reason="pelapor melengkapi syarat").case
        assert case.status == "initial_review" and case.not_registered_reason == ""


def test_it_refuses_not_registered_without_a_reason_kind(cast: Any) -> None:
    case = walk(make_case(), [("initial_review", cast.sup_a, {})])
    with pytest.raises(TransitionRefused) as exc:
        transition_case(case, "not_registered", user=cast.sup_a, reason="kurang")
    assert "not_registered_reason" in exc.value.errors
    with pytest.raises(TransitionRefused):
        transition_case(case, "not_registered", user=cast.sup_a, reason="x", not_registered_reason="bosan")


def test_it_refuses_reopening_after_the_completion_window(cast: Any) -> None:
    known = datetime.date(2024, 11, 1)
    with time_machine.travel(datetime.datetime(2024, 11, 3, 9, 0, tzinfo=datetime.UTC), tick=False):
        case = make_case(known_on=known)
        case = walk(
            case,
            [("initial_review", cast.sup_a, {}), ("not_registered", cast.sup_a, {"not_registered_reason": "formal"})],
        )
    with (
        time_machine.travel(datetime.datetime(2024, 11, 9, 3, 0, tzinfo=datetime.UTC), tick=False),
        pytest.raises(TransitionRefused, match="sudah lewat"),
    ):
        transition_case(case, "initial_review", user=cast.sup_a, reason="dilengkapi")
    with time_machine.travel(datetime.datetime(2024, 11, 8, 10, 0, tzinfo=datetime.UTC), tick=False):
        assert (
            transition_case(case, "initial_review", user=cast.sup_a, reason="dilengkapi").case.status
            == "initial_review"
        )


@pytest.mark.parametrize("outcome", ["not_violation", "stopped"])
def test_it_decides_not_violation_or_stopped_and_closes(cast: Any, outcome: str) -> None:
    case = walk(
        make_case(),
        [
            ("initial_review", cast.sup_a, {}),
            ("registered", cast.sup_a, {"registration_number": "002/Reg"}),
            ("clarification", cast.sup_a, {"reason": "minta keterangan saksi"}),
        ],
    )
    assert case.deadline_rule == "bawaslu_decide_extended"
    case = walk(case, [(outcome, cast.sup_a, {}), ("closed", cast.sup_a, {})])
    assert case.status == "closed" and case.decided_at is not None


def test_it_forwards_a_criminal_matter_to_gakkumdu(cast: Any) -> None:
    case = to_violation(make_case(), cast.sup_a)
    case = transition_case(
        case, "forwarded_other", user=cast.sup_a, reason="unsur pidana Pasal 188", route="gakkumdu"
    ).case
    assert case.route == "gakkumdu" and case.status == "forwarded_other"
    # BKN does not see cases forwarded elsewhere
    from netral.cases.models import Case

    assert not Case.objects.restrict(cast.bkn).filter(pk=case.pk).exists()


def test_it_routes_a_village_head_to_the_regent_and_never_to_bkn(cast: Any) -> None:
    case = to_violation(make_case(subject_kind="kepala_desa", name="Kades Sukamaju"), cast.sup_a)
    with pytest.raises(TransitionRefused, match="bukan ASN"):
        transition_case(case, "forwarded_bkn", user=cast.sup_a, reason="teruskan")
    with pytest.raises(TransitionRefused) as exc:
        transition_case(case, "forwarded_other", user=cast.sup_a, reason="teruskan", route="dkpp")
    assert "route" in exc.value.errors
    case = transition_case(case, "forwarded_other", user=cast.sup_a, reason="UU 6/2014 Pasal 29", route="bupati").case
    assert case.route == "bupati"


def test_it_refuses_skipping_with_a_reason(cast: Any) -> None:
    case = make_case()
    with pytest.raises(TransitionRefused) as exc:
        transition_case(case, "violation", user=cast.sup_a, reason="langsung saja")
    message = str(exc.value)
    assert "tidak diizinkan" in message and "Kajian awal" in message
    case.refresh_from_db()
    assert case.status == "received" and statuses(case) == ["received"]


def test_it_refuses_decisions_without_reasons(cast: Any) -> None:
    case = walk(
        make_case(),
        [("initial_review", cast.sup_a, {}), ("registered", cast.sup_a, {"registration_number": "003/Reg"})],
    )
    for blank in ["", "   "]:
        with pytest.raises(TransitionRefused) as exc:
            transition_case(case, "violation", user=cast.sup_a, reason=blank)
        assert "reason" in exc.value.errors
    case.refresh_from_db()
    assert case.status == "registered"


def test_it_requires_decree_number_and_date_for_a_sanction(cast: Any) -> None:
    case = to_recommended(make_case(agency=cast.agency_a), cast)
    with pytest.raises(TransitionRefused) as exc:
        transition_case(case, "sanctioned", user=cast.ppk_a, reason="dijatuhkan")
    assert set(exc.value.errors) == {"decree_number", "decree_date"}


def test_it_checks_who_may_make_each_move(cast: Any) -> None:
    case = to_violation(make_case(agency=cast.agency_a), cast.sup_a)
    # PPK cannot forward; another region's supervisor cannot even find it
    with pytest.raises(TransitionRefused, match="di luar wilayah"):
        transition_case(case, "forwarded_bkn", user=cast.ppk_a, reason="x")
    with pytest.raises(TransitionRefused, match="di luar wilayah"):
        transition_case(case, "forwarded_bkn", user=cast.sup_b, reason="x")
    case = transition_case(case, "forwarded_bkn", user=cast.sup_a, reason="terbukti").case
    # a supervisor cannot do BKN's verification
    with pytest.raises(TransitionRefused):
        transition_case(case, "bkn_verification", user=cast.sup_a, reason="x")
    case = walk(
        case,
        [
            ("bkn_verification", cast.bkn, {}),
            ("recommended", cast.bkn, {"violation_types": ["D-05"], "sanction_level": "ptdh"}),
        ],
    )
    # the PPK of another agency cannot decide; the analyst cannot write
    for user in (cast.ppk_b, cast.analyst_a):
        with pytest.raises(TransitionRefused):
            transition_case(
                case, "sanctioned", user=user, reason="x", decree_number="1", decree_date=datetime.date(2024, 12, 1)
            )
    # BKN may record a refusal only once the PPK's period is overdue
    with pytest.raises(TransitionRefused, match="tenggat"):
        transition_case(case, "refused", user=cast.bkn, reason="tidak ada kabar")


def test_it_checks_the_sanction_against_the_violation_type(cast: Any) -> None:
    case = to_violation(make_case(agency=cast.agency_a), cast.sup_a)
    case = walk(case, [("forwarded_bkn", cast.sup_a, {}), ("bkn_verification", cast.bkn, {})])
    with pytest.raises(TransitionRefused) as exc:
        transition_case(
            case, "recommended", user=cast.bkn, reason="x", violation_types=["KE-01"], sanction_level="ptdh"
        )
    assert "sanction_level" in exc.value.errors
    case = transition_case(
        case,
        "recommended",
        user=cast.bkn,
        reason="disputed D-03",
        violation_types=["D-03"],
        sanction_level="berat-pelaksana",
    ).case
    assert case.sanction_level is not None
    assert case.sanction_level.code == "berat-pelaksana"


def test_it_sets_kasn_as_recommending_body_before_24_august_2024(cast: Any) -> None:
    with time_machine.travel(datetime.datetime(2024, 8, 19, 9, 0, tzinfo=datetime.UTC), tick=False):
        case = make_case(agency=cast.agency_a)
    case = walk(
        case,
        [
            ("initial_review", cast.sup_a, {}),
            ("registered", cast.sup_a, {"registration_number": "004/Reg", "acted_on": datetime.date(2024, 8, 20)}),
            ("violation", cast.sup_a, {"acted_on": datetime.date(2024, 8, 23)}),
            ("forwarded_bkn", cast.sup_a, {}),
        ],
    )
    assert case.recommending_body == "KASN" and case.route == "kasn"
    other = to_violation(make_case(agency=cast.agency_a), cast.sup_a)
    other = transition_case(other, "forwarded_bkn", user=cast.sup_a, reason="x").case
    assert other.recommending_body == "BKN"


def test_it_lets_only_an_admin_reopen_a_closed_case_with_a_reason(cast: Any) -> None:
    case = walk(
        make_case(),
        [
            ("initial_review", cast.sup_a, {}),
            ("registered", cast.sup_a, {"registration_number": "5"}),
            ("not_violation", cast.sup_a, {}),
            ("closed", cast.sup_a, {}),
        ],
    )
    with pytest.raises(TransitionRefused):
        transition_case(case, "initial_review", user=cast.sup_a, reason="buka lagi")
    with pytest.raises(TransitionRefused):
        transition_case(case, "initial_review", user=cast.admin, reason="")
    case = transition_case(case, "initial_review", user=cast.admin, reason="bukti baru dari pelapor").case
    assert case.status == "initial_review" and case.closed_at is None


def test_it_allows_withdrawal_only_before_registration(cast: Any) -> None:
    case = transition_case(make_case(), "withdrawn", user=cast.sup_a, reason="pelapor mencabut laporan").case
    assert case.status == "withdrawn"
    with pytest.raises(TransitionRefused, match="final"):
        transition_case(case, "initial_review", user=cast.sup_a, reason="x")
    registered = walk(
        make_case(), [("initial_review", cast.sup_a, {}), ("registered", cast.sup_a, {"registration_number": "6"})]
    )
    with pytest.raises(TransitionRefused):
        transition_case(registered, "withdrawn", user=cast.sup_a, reason="pelapor mencabut")


def test_it_keeps_the_timeline_append_only(cast: Any) -> None:
    case = make_case()
    entry = CaseTransition.objects.get(case=case)
    entry.reason = "diubah"
    with pytest.raises(RuntimeError):
        entry.save()
    with pytest.raises(RuntimeError):
        entry.delete()


def test_it_refuses_an_act_dated_before_the_report_was_received(cast: Any) -> None:
    case = make_case()
    with pytest.raises(TransitionRefused) as exc:
        transition_case(
            case, "initial_review", user=cast.sup_a, acted_on=timezone.localdate() - datetime.timedelta(days=3)
        )
    assert "acted_on" in exc.value.errors
    with pytest.raises(TransitionRefused) as exc:
        transition_case(
            case, "initial_review", user=cast.sup_a, acted_on=timezone.localdate() + datetime.timedelta(days=1)
        )
    assert "acted_on" in exc.value.errors
