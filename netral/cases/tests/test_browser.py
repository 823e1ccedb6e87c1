"""A supervisor takes a new report from the queue through initial review to registration."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest

from conftest import login
from netral.cases.models import Case
from netral.regions.models import Region


def file_report(cast: Any) -> Case:
    today = datetime.date.today()
    data = {
        "subject_kind": "asn",
        "subject_name": "Yayat Contoh",
        "subject_position": "Lurah",
        "subject_agency": cast.agency_a,
        "description": "Lurah mengajak warga dalam pertemuan RW memilih pasangan calon nomor 1 dan membagikan stiker.",
        "occurred_on": today - datetime.timedelta(days=1),
        "known_on": today,
        "region": Region.objects.get(code="32.79"),
        "place": "Balai RW 03",
        "identity": "anonymous",
    }
    try:
        from netral.reports.services import submit_report
    except ImportError:  # pragma: no cover - reports app without services
        from netral.cases.tests.helpers import make_case

        return make_case(agency=cast.agency_a, name="Yayat Contoh")
    report, _code = submit_report(data, [])
    assert report.case_id is not None
    return Case.objects.get(pk=report.case_id)


@pytest.mark.browser
def test_it_registers_a_report_through_the_ui(page: Any, live_server: Any, cast: Any, artifacts_dir: Path) -> None:
    case = file_report(cast)
    login(page, live_server, cast.sup_a.username)
    page.goto(f"{live_server.url}/perkara/antrean/")
    page.click(f"a:has-text('{case.number}')")
    page.wait_for_selector("#case-timeline li[data-status=received]")

    page.fill("form[data-target=initial_review] textarea", "Mulai memeriksa syarat formal dan materiel.")
    page.click("form[data-target=initial_review] button[type=submit]")
    page.wait_for_selector("#case-timeline li[data-status=initial_review]")
    assert page.text_content("#case-status").strip() == "Kajian awal"

    # The registration number is required in the browser as well as in the service.
    assert page.get_attribute("form[data-target=registered] input[name$=registration_number]", "required") is not None
    page.fill("form[data-target=registered] input[name$=registration_number]", "012/Reg/LP/PB/Kota/13.01/XI/2024")
    page.fill("form[data-target=registered] textarea", "Syarat formal dan materiel terpenuhi.")
    page.click("form[data-target=registered] button[type=submit]")
    page.wait_for_selector("#case-timeline li[data-status=registered]")

    timeline = page.text_content("#case-timeline")
    assert "Teregistrasi" in timeline and "Syarat formal dan materiel terpenuhi." in timeline
    assert "sisa" in page.text_content("body")
    page.screenshot(path=str(artifacts_dir / "case-detail.png"), full_page=True)
    case.refresh_from_db()
    assert case.status == "registered" and case.deadline_rule == "bawaslu_decide"


@pytest.mark.browser
def test_it_records_the_gakkumdu_file_steps_through_the_ui(
    page: Any, live_server: Any, cast: Any, artifacts_dir: Path
) -> None:
    from netral.cases.services import transition_case
    from netral.cases.tests.helpers import make_case, to_violation

    case = to_violation(make_case(agency=cast.agency_a, name="Ujang Contoh"), cast.sup_a)
    case = transition_case(case, "forwarded_other", user=cast.sup_a, reason="Unsur pidana", route="gakkumdu").case
    login(page, live_server, cast.sup_a.username)
    page.goto(f"{live_server.url}/perkara/{case.number}/")
    page.fill("form[data-target=gakkumdu_submitted] textarea", "Berkas penyidikan diterima jaksa.")
    page.click("form[data-target=gakkumdu_submitted] button[type=submit]")
    page.wait_for_selector("#case-timeline li[data-status=gakkumdu_submitted]")
    page.fill("form[data-target=gakkumdu_returned] textarea", "Keterangan ahli belum dilampirkan.")
    page.click("form[data-target=gakkumdu_returned] button[type=submit]")
    page.wait_for_selector("#case-timeline li[data-status=gakkumdu_returned]")
    assert page.text_content("#case-status").strip() == "Berkas dikembalikan penuntut umum"
    assert "Penyidik menyerahkan kembali berkas, 3 hari kerja" in page.text_content("body")
    assert page.is_visible("#case-gakkumdu li[data-step=gakkumdu_returned][aria-current=step]")
    assert page.locator("form[data-target=gakkumdu_complete]").count() == 0
    page.screenshot(path=str(artifacts_dir / "case-gakkumdu.png"), full_page=True)
    case.refresh_from_db()
    assert case.status == "gakkumdu_returned" and case.deadline_rule == "gakkumdu_resubmit"
