"""Test helpers: a report (created directly) with its case, and walking a case along the chain."""

from __future__ import annotations

import datetime
from typing import Any

from netral.cases.models import Case
from netral.cases.services import transition_case
from netral.regions.models import Election, Region
from netral.reports.models import Report
from netral.reports.services import open_case_for


def make_case(
    *,
    region_code: str = "32.79",
    agency: Any = None,
    subject_kind: str = "asn",
    known_on: datetime.date | None = None,
    election: str | None = "pilkada2024",
    name: str = "Budi Contoh",
) -> Case:
    report = Report.objects.create(
        subject_name=name,
        subject_kind=subject_kind,
        subject_agency=agency,
        description="Terlapor mengunggah foto bersama bakal calon dengan gestur jari.",
        region=Region.objects.get(code=region_code),
        known_on=known_on,
        occurred_on=known_on,
        election=Election.objects.get(code=election) if election else None,
        reporter_name="Pelapor Rahasia",
        reporter_phone="081234567890",
    )
    return open_case_for(report)


def walk(case: Case, steps: list[tuple[str, Any, dict[str, Any]]]) -> Case:
    """Apply (status, user, fields) steps in order, each with a reason."""
    for status, user, fields in steps:
        fields = dict(fields)
        reason = fields.pop("reason", f"alasan untuk {status}")
        case = transition_case(case, status, user=user, reason=reason, **fields).case
    return case


def to_violation(case: Case, sup: Any) -> Case:
    return walk(
        case,
        [
            ("initial_review", sup, {}),
            ("registered", sup, {"registration_number": "001/Reg/LP/PB/Kota/13.01/XI/2024"}),
            ("violation", sup, {}),
        ],
    )


def to_recommended(
    case: Case, cast: Any, level: str = "berat-turun-jabatan", types: tuple[str, ...] = ("D-07",)
) -> Case:
    case = to_violation(case, cast.sup_a)
    return walk(
        case,
        [
            ("forwarded_bkn", cast.sup_a, {}),
            ("bkn_verification", cast.bkn, {}),
            ("recommended", cast.bkn, {"violation_types": list(types), "sanction_level": level}),
        ],
    )
