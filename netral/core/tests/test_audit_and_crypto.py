from typing import Any

import pytest
from django.db import connection

from netral.core import audit
from netral.core.context import acting
from netral.core.crypto import blind_index, decrypt, encrypt
from netral.core.models import ObjectChange

pytestmark = pytest.mark.django_db


def test_it_records_who_when_before_after_and_request_id(cast: Any) -> None:
    agency = cast.agency_a
    with acting(cast.admin, request_id="req-12345678") as rid:
        before = audit.snapshot(agency)
        agency.name = "Pemkot Banjar (baru)"
        agency.save()
        change = audit.log_change(agency, ObjectChange.Action.UPDATE, before)
    assert change.request_id == rid == "req-12345678"
    assert change.user == cast.admin
    assert change.prechange is not None and change.postchange is not None
    assert change.prechange["name"] == "Pemerintah Kota Banjar"
    assert change.postchange["name"] == "Pemkot Banjar (baru)"
    assert list(audit.history(agency)) == [change]


def test_audit_records_are_append_only(cast: Any) -> None:
    change = audit.log_change(cast.agency_a, ObjectChange.Action.UPDATE, {})
    with pytest.raises(RuntimeError):
        change.save()
    with pytest.raises(RuntimeError):
        change.delete()


def test_encryption_round_trip_and_blind_index() -> None:
    token = encrypt("3273012345678901")
    assert "3273012345678901" not in token
    assert decrypt(token) == "3273012345678901"
    assert blind_index("3273 0123 4567 8901") == blind_index("3273012345678901")
    assert blind_index("3273012345678901") != blind_index("3273012345678902")


def test_encrypted_field_stores_ciphertext(cast: Any) -> None:
    from netral.reports.models import Report

    report = Report.objects.create(
        subject_name="X",
        description="uraian",
        region=cast.agency_a.region,
        reporter_nik="3273012345678901",
        reporter_name="Siti Pelapor",
    )
    with connection.cursor() as cur:
        cur.execute("SELECT reporter_nik, reporter_name FROM reports_report WHERE id = %s", [report.pk])
        raw = cur.fetchone()
    assert "3273012345678901" not in raw[0] and "Siti" not in raw[1]
    assert Report.objects.get(pk=report.pk).reporter_nik == "3273012345678901"
    snap = audit.snapshot(report)
    assert snap["reporter_nik"] == audit.MASK and snap["reporter_name"] == audit.MASK
