"""submit_report: what is kept, what is flagged, and that a case opens."""

from __future__ import annotations

import datetime
import hashlib
import re

import pytest
from django.db import connection

from netral.cases.choices import CaseStatus
from netral.core.crypto import blind_index
from netral.core.models import ObjectChange
from netral.reports import receipt
from netral.reports.models import Report
from netral.reports.services import submit_report
from netral.reports.tests.conftest import png_bytes, report_data, upload

pytestmark = pytest.mark.django_db


def test_it_saves_a_complete_report_and_opens_a_case(cast: object) -> None:
    report, code = submit_report(report_data(), [upload("foto.png", png_bytes())])
    report.refresh_from_db()
    assert report.case is not None and report.case.status == CaseStatus.RECEIVED
    assert not report.initial_information
    assert report.formal_missing == [] and report.material_missing == []
    assert report.region_code == "32.79"
    assert report.evidence.count() == 2  # the file and the link
    assert report.receipt_hash == hashlib.sha256(f"NTR-{receipt.normalise(code)}".encode()).hexdigest()
    assert ObjectChange.objects.filter(object_type="reports.report", object_id=str(report.pk), action="create").exists()


def test_it_defaults_the_election_to_the_one_closest(cast: object) -> None:
    report, _ = submit_report(report_data(known_on=datetime.date(2024, 10, 1), occurred_on=datetime.date(2024, 10, 1)))
    assert report.election is not None and report.election.code == "pilkada2024"


def test_it_keeps_a_late_report_as_initial_information(cast: object) -> None:
    today = datetime.date.today()
    report, _ = submit_report(report_data(known_on=today - datetime.timedelta(days=8), occurred_on=None))
    report.refresh_from_db()
    assert report.is_late
    assert report.initial_information
    assert "late" in report.formal_missing
    assert "occurred_on" in report.material_missing
    assert report.case is not None


def test_it_accepts_day_seven_but_not_day_eight(cast: object) -> None:
    today = datetime.date.today()
    on_time, _ = submit_report(report_data(known_on=today - datetime.timedelta(days=7), occurred_on=None))
    late, _ = submit_report(report_data(known_on=today - datetime.timedelta(days=8), occurred_on=None))
    assert not on_time.is_late
    assert late.is_late


def test_it_keeps_no_identity_for_an_anonymous_report(cast: object) -> None:
    report, _ = submit_report(report_data(identity="anonymous"))
    report = Report.objects.get(pk=report.pk)
    assert report.initial_information
    assert report.formal_missing == ["reporter_anonymous"]
    assert report.reporter_name == "" and report.reporter_nik == "" and report.reporter_nik_index == ""


def test_it_encrypts_personal_data_at_rest(cast: object) -> None:
    report, _ = submit_report(report_data())
    with connection.cursor() as cur:
        cur.execute(
            "SELECT reporter_name, reporter_nik, reporter_phone, reporter_email, reporter_address "
            "FROM reports_report WHERE id = %s",
            [report.pk],
        )
        raw = " ".join(cur.fetchone())
    for plain in ("Siti Pelapor", "3279014107900001", "081234567890", "siti@example.test", "Mawar"):
        assert plain not in raw
    assert Report.objects.get(pk=report.pk).reporter_nik == "3279014107900001"
    assert report.reporter_nik_index == blind_index("3279014107900001")


def test_it_keeps_personal_data_out_of_the_audit_trail(cast: object) -> None:
    report, _ = submit_report(report_data())
    changes = ObjectChange.objects.filter(object_type="reports.report", object_id=str(report.pk))
    assert changes.exists()  # the audit trail has the report (an empty one would hide nothing)
    for change in changes:
        text = str(change.prechange) + str(change.postchange)
        assert "Siti Pelapor" not in text and "3279014107900001" not in text


def test_it_keeps_personal_data_out_of_the_logs(cast: object, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("DEBUG")
    submit_report(report_data())
    assert "Siti" not in caplog.text and "3279014107900001" not in caplog.text


def test_it_generates_unguessable_readable_codes() -> None:
    codes = {receipt.generate() for _ in range(200)}
    assert len(codes) == 200
    sample = next(iter(codes))
    assert re.fullmatch(r"NTR(-[0-9A-HJKMNP-TV-Z]{4}){4}", sample)
    assert receipt.normalise(sample.lower().replace("-", " ")) == sample.replace("-", "")[3:]
    # Look-alikes typed by ear are read as the digits; an earlier 20-symbol code still normalises.
    assert receipt.normalise("ntr-0o0o-1iL1-2222-3333") == "0000111122223333"
    assert receipt.normalise("NTR-2222-3333-4444-5555-6666") == "22223333444455556666"
    assert receipt.normalise("NTR-0000-1111-2222-3333-4444") is None  # old alphabet had no 0/1
    assert receipt.normalise("NTR-UUUU-2222-3333-4444") is None


def test_an_earlier_twenty_symbol_code_is_still_found(cast: object) -> None:
    from netral.reports.services import find_by_receipt

    report, _code = submit_report(report_data())
    old = "NTR-7K3Q-ABCD-EFGH-JKMN-PQRS"
    Report.objects.filter(pk=report.pk).update(receipt_hash=receipt.digest(old))
    assert find_by_receipt(old.lower().replace("-", "")).pk == report.pk
