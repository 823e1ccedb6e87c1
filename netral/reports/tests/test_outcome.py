"""The outcome, told: every status a reporter can see has a plain text and a next step, and the
decision comes with its public reason, never the accused's name or the staff's notes."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from netral.cases import workflow
from netral.cases.choices import CaseStatus, NotRegisteredReason, Route
from netral.cases.models import CaseTransition, SanctionLevel, ViolationType
from netral.reports import outcome, selectors, services
from netral.reports.models import Report
from netral.reports.tests.conftest import report_data

REACHABLE = (
    {CaseStatus.RECEIVED, CaseStatus.JOINED}
    | {t for (_s, t) in workflow.TRANSITIONS}
    | {s for (s, _t) in workflow.TRANSITIONS}
)


@pytest.mark.parametrize("status", sorted(set(CaseStatus.values) | {str(s) for s in REACHABLE}))
def test_every_status_has_a_meaning_and_a_next_step(status: str) -> None:
    assert str(outcome.MEANING.get(status, "")).strip(), f"no public meaning for {status}"
    assert str(outcome.NEXT.get(status, "")).strip(), f"no next step for {status}"


def _move(report: Report, statuses: list[str], **fields: Any) -> None:
    """Walk the case through `statuses` as the timeline would record them (fields set directly)."""
    case = report.case
    assert case is not None
    previous = case.status
    for status in statuses:
        CaseTransition.objects.create(case=case, from_status=previous, to_status=status, reason="catatan internal X")
        previous = status
    violation_types = fields.pop("violation_types", [])
    type(case).objects.filter(pk=case.pk).update(status=previous, **fields)
    case.refresh_from_db()
    if violation_types:
        case.violation_types.set(violation_types)


def test_the_decision_is_told_with_its_public_reason(db: None, cast: object) -> None:
    report, _code = services.submit_report(report_data())
    level = SanctionLevel.objects.order_by("order").first()
    vtype = ViolationType.objects.order_by("order").first()
    assert level is not None and vtype is not None
    from django.utils import timezone

    now = timezone.now()
    _move(
        report,
        [
            "initial_review",
            "registered",
            "violation",
            "forwarded_bkn",
            "bkn_verification",
            "recommended",
            "sanctioned",
            "closed",
        ],
        registered_at=now,
        registration_number="001/Reg/LP/PB/Kota/13.00/X/2024",
        route=Route.BKN,
        recommending_body="BKN",
        sanction_level=level,
        violation_types=[vtype],
        decided_at=now,
    )
    told = selectors.receipt_status(Report.objects.get(pk=report.pk)).outcome
    assert told is not None and told.final
    text = " ".join(told.decisions)
    assert "diregistrasi" in text and "001/Reg/LP" in text
    assert "terdapat pelanggaran" in text and vtype.title_id in text
    assert "BKN" in text
    assert level.name_id in text and "dijatuhkan" in text
    # Never the accused, never the internal notes.
    assert "Bambang" not in told.as_text() and "catatan internal" not in told.as_text()


def test_a_report_not_registered_says_why_and_what_is_missing(db: None, cast: object) -> None:
    report, _code = services.submit_report(report_data(reporter_address="", subject_name=""))
    assert report.formal_missing
    _move(report, ["initial_review", "not_registered"], not_registered_reason=NotRegisteredReason.FORMAL)
    told = outcome.outcome_for(Report.objects.get(pk=report.pk).case, report)
    text = " ".join(told.decisions)
    assert "tidak diregistrasi" in text and "formal" in text
    assert "Alamat pelapor" in text
    assert "Perkara akan ditutup" not in told.next_step


def test_not_a_violation_is_a_final_decision(db: None, cast: object) -> None:
    report, _code = services.submit_report(report_data())
    _move(report, ["initial_review", "registered", "not_violation"], registered_at=None)
    told = outcome.outcome_for(Report.objects.get(pk=report.pk).case, report)
    assert told.final and "bukan pelanggaran" in " ".join(told.decisions)


def test_forwarded_elsewhere_names_the_authority(db: None, cast: object) -> None:
    report, _code = services.submit_report(report_data())
    _move(report, ["initial_review", "registered", "violation", "forwarded_other"], route=Route.GAKKUMDU)
    told = outcome.outcome_for(Report.objects.get(pk=report.pk).case, report)
    assert "Gakkumdu" in " ".join(told.decisions)


def test_the_lookup_page_shows_the_outcome_partial(client: Client, db: None, cast: object) -> None:
    report, code = services.submit_report(report_data())
    _move(report, ["initial_review", "registered", "not_violation"])
    page = client.post(reverse("reports:receipt_lookup"), {"code": code}).content.decode()
    assert 'data-outcome="not_violation"' in page
    assert "bukan pelanggaran" in page
    assert "Bambang" not in page
