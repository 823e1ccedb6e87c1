"""Election day: many people submit at once. Every report is stored, each with its own case number.

These need several connections to one database server, so they run on PostgreSQL (the test
command runs every app's tests there too). Each thread has its own connection and commits.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from rest_framework.test import APIClient

from netral.api.tests.test_public_submit import valid
from netral.cases.inputs import CaseOpening
from netral.cases.models import Case
from netral.reports.models import Evidence, Report
from netral.reports.tests.conftest import png_bytes, report_data, upload
from netral.testing import in_parallel, needs_postgres

pytestmark = [needs_postgres, pytest.mark.django_db(transaction=True)]


def test_parallel_api_submissions_are_all_stored_with_distinct_case_numbers(
    reference_data: None, settings: Any
) -> None:
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "public_report": "1000/hour"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    from netral.testing import build_cast

    build_cast()

    def submit(i: int) -> list[int]:
        codes = []
        for j in range(3):
            response = APIClient().post("/api/v1/public/reports/", valid(subject_name=f"Camat {i}-{j}"), format="json")
            codes.append(response.status_code)
        return codes

    results, errors = in_parallel(12, submit)
    assert not errors, errors
    assert sorted(c for codes in results for c in codes) == [201] * 36
    assert Report.objects.count() == 36
    numbers = list(Case.objects.values_list("number", flat=True))
    assert len(numbers) == 36 and len(set(numbers)) == 36
    assert Report.objects.filter(case__isnull=True).count() == 0


def test_parallel_retries_with_one_token_file_one_report(reference_data: None) -> None:
    from netral.reports.services import submit_report

    results, errors = in_parallel(8, lambda i: submit_report(report_data(), client_token="same-token-0123456789"))
    assert not errors, errors
    assert Report.objects.count() == 1
    assert len({(r.pk, code) for r, code in results}) == 1


def test_a_failed_submission_never_removes_a_file_a_parallel_one_shares(
    reference_data: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A writes the viral video's bytes and then fails; B, with the same bytes, commits meanwhile."""
    from netral.reports import services

    data = png_bytes(color=(1, 2, 3))
    b_done = threading.Event()
    from netral.cases.services import open_case as real_open_case

    def slow_then_fail(opening: CaseOpening, **kw: Any) -> Any:
        if opening.title.startswith("A "):
            b_done.wait(10)
            raise RuntimeError("A fails after writing the file")
        return real_open_case(opening, **kw)

    monkeypatch.setattr(services, "open_case", slow_then_fail)

    def run(i: int) -> Any:
        if i == 0:
            return services.submit_report(report_data(subject_name="A"), [upload("a.png", data)])
        import time

        time.sleep(0.3)  # A has written the file by now
        try:
            return services.submit_report(report_data(subject_name="B"), [upload("b.png", data)])
        finally:
            b_done.set()

    results, errors = in_parallel(2, run)
    assert len(results) == 1 and len(errors) == 1
    evidence = Evidence.objects.get(report__subject_name="B", kind="image")
    from netral.reports import evidence as ev

    assert ev.open_private(evidence.storage_path).read_bytes() == data
