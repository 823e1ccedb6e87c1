"""The case page offers only the moves that make sense for the case (guards in workflow.py).

No withdrawal by a reporter on a finding, no forwarding of a TNI or Polri case to BKN, and
follow-up steps that fit what was decided before. Each is hidden on the page and refused by the
service with the reason.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from netral.accounts.models import User
from netral.agencies.models import Agency
from netral.cases.models import Case
from netral.cases.services import TransitionRefused, transition_case
from netral.cases.tests.helpers import make_case, to_recommended, to_violation, walk
from netral.cases.workflow import transitions_for
from netral.regions.models import Election, Region
from netral.reports.models import Report
from netral.reports.services import join_cases, open_case_for
from netral.testing import PASSWORD

pytestmark = pytest.mark.django_db
WITHDRAW = "pencabutan oleh pelapor"


def make_finding(agency: Agency) -> Case:
    report = Report.objects.create(
        kind="temuan",
        subject_name="Camat Contoh",
        subject_agency=agency,
        description="Pengawas melihat camat berorasi di panggung kampanye.",
        region=Region.objects.get(code="32.79"),
        election=Election.objects.get(code="pilkada2024"),
    )
    return open_case_for(report)


def page_of(client: Any, user: User, case: Case) -> str:
    assert client.login(username=user.username, password=PASSWORD)
    html: str = client.get(reverse("cases:detail", args=[case.number])).content.decode()
    return html


def targets(case: Case, user: User) -> set[str]:
    return {t.target for t in transitions_for(case, user)}


def test_a_finding_offers_no_withdrawal_by_a_reporter(cast: Any, client: Any) -> None:
    finding = make_finding(cast.agency_a)
    report = make_case(agency=cast.agency_a)
    assert finding.has_reporter is False and report.has_reporter is True
    assert "withdrawn" not in targets(finding, cast.sup_a) and "withdrawn" in targets(report, cast.sup_a)
    assert WITHDRAW not in page_of(client, cast.sup_a, finding)
    assert WITHDRAW in client.get(reverse("cases:detail", args=[report.number])).content.decode()
    with pytest.raises(TransitionRefused, match="temuan pengawas"):
        transition_case(finding, "withdrawn", user=cast.sup_a, reason="dicabut")
    finding.refresh_from_db()
    assert finding.status == "received"
    # under review the same; joined with a public report, the reporter may withdraw again
    finding = walk(finding, [("initial_review", cast.sup_a, {})])
    assert "withdrawn" not in targets(finding, cast.sup_a)
    joined = join_cases(finding, [report], user=cast.sup_a, reason="satu kejadian")
    assert joined.has_reporter is True and "withdrawn" in targets(joined, cast.sup_a)


@pytest.mark.parametrize("kind", ["tni", "polri"])
def test_a_tni_or_polri_case_is_never_offered_to_bkn(cast: Any, client: Any, kind: str) -> None:
    case = to_violation(make_case(agency=cast.agency_a, subject_kind=kind), cast.sup_a)
    assert "forwarded_bkn" not in targets(case, cast.sup_a) and "forwarded_other" in targets(case, cast.sup_a)
    assert "Teruskan rekomendasi ke BKN" not in page_of(client, cast.sup_a, case)
    with pytest.raises(TransitionRefused, match="BKN tidak berwenang"):
        transition_case(case, "forwarded_bkn", user=cast.sup_a, reason="teruskan")
    asn = to_violation(make_case(agency=cast.agency_a), cast.sup_a)
    assert "forwarded_bkn" in targets(asn, cast.sup_a)
    assert "Teruskan rekomendasi ke BKN" in client.get(reverse("cases:detail", args=[asn.number])).content.decode()


def _with_confirmed_person(case: Case, cast: Any) -> Case:
    from netral.cases.models import Case
    from netral.personnel.models import ASN

    person = ASN.objects.create(
        identifier="198001012005011001",
        employment_type="PNS",
        name="Dedi",
        name_normalized="dedi",
        agency=cast.agency_a,
    )
    Case.objects.filter(pk=case.pk).update(asn=person, accused_status="confirmed")
    return Case.objects.get(pk=case.pk)


def test_follow_up_steps_fit_what_was_decided(cast: Any) -> None:
    case = to_recommended(make_case(agency=cast.agency_a), cast)
    # BKN records a PPK's inaction only once the follow-up deadline has passed
    assert "refused" not in targets(case, cast.bkn) and "refused" in targets(case, cast.ppk_a)
    case = walk(case, [("refused", cast.ppk_a, {}), ("follow_up", cast.bkn, {"follow_up_action": "reprimand"})])
    # after a reprimand: a data block is the only further step; the PPK may record its decree
    follow = next(t for t in transitions_for(case, cast.bkn) if t.target == "follow_up")
    assert follow.options("follow_up_action", case) == ("data_block",)
    assert "sanctioned" in targets(case, cast.ppk_a)
    with pytest.raises(TransitionRefused, match="tidak tersedia"):
        transition_case(case, "follow_up", user=cast.bkn, reason="x", follow_up_action="unblock")
    case = _with_confirmed_person(case, cast)  # a SIASN block needs a NIP (test_accused.py)
    case = walk(case, [("follow_up", cast.bkn, {"follow_up_action": "data_block"})])
    # after a block: no further follow-up step (unblock comes after the decree), closing stays
    assert targets(case, cast.bkn) == {"closed"}
    with pytest.raises(TransitionRefused, match="Tidak ada tindak lanjut berikutnya"):
        transition_case(case, "follow_up", user=cast.bkn, reason="x", follow_up_action="unblock")
    decree = {"decree_number": "800/9/2024", "decree_date": timezone.localdate()}
    case = walk(case, [("sanctioned", cast.ppk_a, decree)])
    assert "follow_up" in targets(case, cast.bkn)  # unblock the record now
    case = walk(case, [("follow_up", cast.bkn, {"follow_up_action": "unblock"})])
    assert targets(case, cast.bkn) == {"closed"} and "sanctioned" not in targets(case, cast.ppk_a)


def test_no_unblock_is_offered_when_nothing_was_blocked(cast: Any) -> None:
    case = to_recommended(make_case(agency=cast.agency_a), cast)
    decree = {"decree_number": "800/10/2024", "decree_date": timezone.localdate()}
    case = walk(case, [("sanctioned", cast.ppk_a, decree)])
    assert targets(case, cast.bkn) == {"closed"}
    with pytest.raises(TransitionRefused, match="tidak sedang diblokir"):
        transition_case(case, "follow_up", user=cast.bkn, reason="x", follow_up_action="unblock")
