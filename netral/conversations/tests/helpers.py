"""Test helpers: a public report filed through the real service, and its receipt code."""

from __future__ import annotations

from typing import Any

from netral.reports.models import Report
from netral.reports.services import submit_report
from netral.reports.tests.conftest import report_data


def file_report(**overrides: Any) -> tuple[Report, str]:
    report, code = submit_report(report_data(**overrides), [])
    report.refresh_from_db()
    return report, code
