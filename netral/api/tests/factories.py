"""Small builders for API tests: reports with their cases, straight through the cases service."""

from __future__ import annotations

import datetime
from typing import Any

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from netral.cases.models import Case
from netral.core.context import acting
from netral.regions.models import Region
from netral.reports.models import Report
from netral.reports.services import open_case_for


def make_case(
    region_code: str, *, agency: Any = None, status: str | None = None, route: str = "", **extra: Any
) -> Case:
    """A report in `region_code` with its case; `status`/`route` are set directly for fixtures."""
    report = Report.objects.create(
        subject_name=extra.pop("subject_name", "Budi Contoh"),
        subject_agency=agency,
        description=extra.pop("description", "ASN memasang foto dengan pose jari paslon di media sosial."),
        region=Region.objects.get(code=region_code),
        occurred_on=datetime.date(2024, 10, 1),
        known_on=datetime.date(2024, 10, 2),
        reporter_name="Pelapor Rahasia",
        **extra,
    )
    with acting(None):
        case = open_case_for(report)
    if status or route:
        # Fixture shortcut: put the case where the test needs it without walking the workflow.
        Case.objects.filter(pk=case.pk).update(status=status or case.status, route=route)
        case.refresh_from_db()
    return case


def client_for(user: Any) -> APIClient:
    token, _ = Token.objects.get_or_create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client
